using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Storage.Blobs;
using FuncRec.Core.Events;
using FuncRec.Core.Segments;
using FuncRec.Infrastructure.Blob;
using Microsoft.Extensions.Options;

namespace FuncRec.Ingestion.Blob;

/// <summary>
/// Enumerates and streams the training segment log between per-partition watermarks. Watermarks follow
/// Kafka's convention: an offset is the next one to read, so a window is <c>[from, to)</c> per partition.
/// Overlapping segments (a redelivery with different batch boundaries) are deduplicated by offset.
/// </summary>
public sealed class BlobSegmentReader
{
    // Downloads in flight ahead of the segment being parsed.
    private const int PrefetchSegments = 8;
    private readonly LazyContainer _container;

    /// <summary>Creates the reader over the segments container.</summary>
    public BlobSegmentReader(BlobServiceClient service, IOptions<BlobStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _container = new LazyContainer(service, options.Value.SegmentsContainer);
    }

    /// <summary>The segments of one partition, in offset order.</summary>
    public async Task<IReadOnlyList<SegmentInfo>> ListSegmentsAsync(string topic, int partition, CancellationToken cancellationToken = default)
    {
        var container = await _container.GetAsync().ConfigureAwait(false);
        var list = new List<SegmentInfo>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, SegmentInfo.PartitionPrefix(topic, partition), cancellationToken).ConfigureAwait(false))
        {
            if (SegmentInfo.TryParse(blob.Name) is { } segment)
            {
                list.Add(segment);
            }
        }

        return [.. list.OrderBy(s => s.FirstOffset).ThenBy(s => s.LastOffset)];
    }

    /// <summary>The segments whose events fall (at least partly) on a UTC day, from the day index.</summary>
    public async Task<IReadOnlyList<SegmentInfo>> ListSegmentsForDayAsync(string topic, DateOnly day, CancellationToken cancellationToken = default)
    {
        var container = await _container.GetAsync().ConfigureAwait(false);
        var list = new List<SegmentInfo>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, SegmentInfo.DayIndexPrefix(topic, day), cancellationToken).ConfigureAwait(false))
        {
            if (SegmentInfo.TryParseIndex(blob.Name) is { } segment)
            {
                list.Add(segment);
            }
        }

        return [.. list.OrderBy(s => s.Partition).ThenBy(s => s.FirstOffset)];
    }

    /// <summary>
    /// The end watermark of each partition that has segments: last consumed offset + 1. The update workflow
    /// freezes a training window by reading this.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, long>> GetEndOffsetsAsync(string topic, CancellationToken cancellationToken = default)
    {
        var container = await _container.GetAsync().ConfigureAwait(false);
        var ends = new Dictionary<int, long>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{SegmentInfo.Root}{topic}/", cancellationToken).ConfigureAwait(false))
        {
            if (SegmentInfo.TryParse(blob.Name) is { } s && s.Topic == topic)
            {
                ends[s.Partition] = Math.Max(ends.GetValueOrDefault(s.Partition), s.LastOffset + 1);
            }
        }

        return ends;
    }

    /// <summary>Streams behaviour entries with <c>from[p] ≤ offset &lt; to[p]</c> for every partition in <paramref name="to"/> (missing from = 0).</summary>
    public IAsyncEnumerable<BehaviorSegmentEntry> ReadBehaviorAsync(string topic, IReadOnlyDictionary<int, long> from, IReadOnlyDictionary<int, long> to, CancellationToken cancellationToken = default) =>
        ReadAsync(topic, from, to, EventJsonContext.Default.BehaviorSegmentEntry, e => e.Offset, cancellationToken);

    /// <summary>Streams catalog entries between watermarks; see <see cref="ReadBehaviorAsync"/>.</summary>
    public IAsyncEnumerable<CatalogSegmentEntry> ReadCatalogAsync(string topic, IReadOnlyDictionary<int, long> from, IReadOnlyDictionary<int, long> to, CancellationToken cancellationToken = default) =>
        ReadAsync(topic, from, to, EventJsonContext.Default.CatalogSegmentEntry, e => e.Offset, cancellationToken);

    private async IAsyncEnumerable<T> ReadAsync<T>(string topic, IReadOnlyDictionary<int, long> from, IReadOnlyDictionary<int, long> to,
        JsonTypeInfo<T> typeInfo, Func<T, long> offsetOf, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var container = await _container.GetAsync().ConfigureAwait(false);
        foreach (var (partition, end) in to.OrderBy(kv => kv.Key))
        {
            var start = from.GetValueOrDefault(partition);
            var next = start;
            var segments = (await ListSegmentsAsync(topic, partition, ct).ConfigureAwait(false))
                .Where(s => s.LastOffset >= start && s.FirstOffset < end)
                .ToList();

            // A window spans hundreds of small segments (one per ingested batch): one download at a time spent most
            // of a read waiting on round trips, so a few are fetched ahead while the current one is parsed, in order.
            var ahead = new Queue<Task<BinaryData>>();
            var requested = 0;
            foreach (var segment in segments)
            {
                while (ahead.Count < PrefetchSegments && requested < segments.Count)
                {
                    ahead.Enqueue(DownloadAsync(container, segments[requested++].Name, ct));
                }

                var content = await ahead.Dequeue().ConfigureAwait(false);
                if (segment.LastOffset < next)
                {
                    continue; // wholly covered by an overlapping segment read before it
                }

                await using var gzip = new GZipStream(content.ToStream(), CompressionMode.Decompress);
                using var lines = new StreamReader(gzip);
                while (await lines.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var entry = JsonSerializer.Deserialize(line, typeInfo)!;
                    var offset = offsetOf(entry);
                    if (offset >= next && offset < end)
                    {
                        next = offset + 1;
                        yield return entry;
                    }
                }
            }
        }
    }

    private static async Task<BinaryData> DownloadAsync(BlobContainerClient container, string name, CancellationToken ct) =>
        (await container.GetBlobClient(name).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content;
}
