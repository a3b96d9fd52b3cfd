using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Storage.Blobs;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;
using FuncRec.Core.Segments;
using FuncRec.Ingestion.Buffers;
using FuncRec.Infrastructure.Blob;
using Microsoft.Extensions.Options;

namespace FuncRec.Ingestion.Blob;

/// <summary>
/// Writes each batch's events as one gzip JSONL blob (one <see cref="BehaviorSegmentEntry"/> or
/// <see cref="CatalogSegmentEntry"/> per line) plus an empty index marker per UTC day its events touch.
/// Names come from <see cref="SegmentInfo"/>, so a redelivery overwrites rather than duplicates.
/// </summary>
public sealed class BlobSegmentWriter : ISegmentWriter
{
    private readonly LazyContainer _container;

    /// <summary>Creates the writer over the segments container.</summary>
    public BlobSegmentWriter(BlobServiceClient service, IOptions<BlobStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _container = new LazyContainer(service, options.Value.SegmentsContainer);
    }

    /// <inheritdoc />
    public Task WriteBehaviorAsync(string topic, int partition, long firstOffset, long lastOffset, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken) =>
        WriteAsync(new SegmentInfo(topic, partition, firstOffset, lastOffset), entries, EventJsonContext.Default.BehaviorSegmentEntry, e => e.Event.TimestampMs, cancellationToken);

    /// <inheritdoc />
    public Task WriteCatalogAsync(string topic, int partition, long firstOffset, long lastOffset, IReadOnlyList<CatalogSegmentEntry> entries, CancellationToken cancellationToken) =>
        WriteAsync(new SegmentInfo(topic, partition, firstOffset, lastOffset), entries, EventJsonContext.Default.CatalogSegmentEntry, e => e.Event.TimestampMs, cancellationToken);

    /// <summary>Encodes entries as gzip JSONL into a pooled buffer, which the caller disposes (internal: the benchmark profiles it).</summary>
    internal static PooledBuffer EncodePooled<T>(IReadOnlyList<T> entries, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var json = new PooledBuffer(entries.Count * 160);
        // PooledBuffer is both a Stream and an IBufferWriter; the buffer-writer overload skips a stream's flush copies.
        using (var writer = new Utf8JsonWriter((IBufferWriter<byte>)json, new JsonWriterOptions { SkipValidation = true }))
        {
            foreach (var entry in entries)
            {
                JsonSerializer.Serialize(writer, entry, typeInfo);
                writer.Flush();
                json.Write("\n"u8);
                writer.Reset();
            }
        }

        var output = new PooledBuffer((int)(json.Length / 3) + 64);
        try
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(json.WrittenSpan);
            }

            return output;
        }
        catch
        {
            // The caller only disposes what it receives; give the pooled array back on the way out.
            output.Dispose();
            throw;
        }
    }

    private async Task WriteAsync<T>(SegmentInfo segment, IReadOnlyList<T> entries, JsonTypeInfo<T> typeInfo, Func<T, long> timestamp, CancellationToken ct)
    {
        // Empty segments are written too: they record that the range was consumed (all dead letters).
        // The pooled bytes go back only after the uploads finish with them.
        using var encoded = EncodePooled(entries, typeInfo);
        var container = await _container.GetAsync().ConfigureAwait(false);
        var days = entries.Select(e => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(timestamp(e)).UtcDateTime)).Distinct();
        var uploads = new List<Task>
        {
            container.GetBlobClient(segment.Name).UploadAsync(new BinaryData(encoded.WrittenMemory), overwrite: true, ct),
        };
        uploads.AddRange(days.Select(d => container.GetBlobClient(segment.DayIndexName(d)).UploadAsync(BinaryData.Empty, overwrite: true, ct)));
        await Task.WhenAll(uploads).ConfigureAwait(false);
    }
}
