using System.Globalization;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Events;
using FuncRec.Core.Sessions;

namespace FuncRec.Ingestion.Blob;

/// <summary>
/// Loads a training window from the ingestion's blob segments: the behaviour events between the window's
/// per-partition watermarks (keys <c>{topic}/{partition}</c>), grouped into sessions in offset order, with item
/// categories taken from the catalog segment log. Segments are immutable once written, so reading a window
/// twice gives the same sessions, which is what makes a retried job reproduce its version.
/// </summary>
public sealed class SegmentWindowSource(BlobSegmentReader reader)
{
    private readonly SemaphoreSlim _catalogLock = new(1, 1);
    private readonly Dictionary<string, string> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _catalogRead = [];
    private string? _catalogTopic;

    /// <summary>Reads the window into memory (a week of events is a few MB), with item categories from the catalog log.</summary>
    public async Task<ISessionSource> LoadAsync(DataWindow window, string catalogTopic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var categories = await CategoriesAsync(catalogTopic, cancellationToken).ConfigureAwait(false);
        return await ReadSessionsAsync(window, categories, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Item → leaf category from the whole catalog log, read incrementally: catalog segments are immutable and an item's
    /// events share a partition (keyed by item id), so continuing from the offsets read last time yields exactly what a
    /// full read would, while a job pays only for the catalog changes since the previous one.
    /// </summary>
    private async Task<Dictionary<string, string>> CategoriesAsync(string catalogTopic, CancellationToken cancellationToken)
    {
        await _catalogLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!string.Equals(_catalogTopic, catalogTopic, StringComparison.Ordinal))
            {
                _categories.Clear();
                _catalogRead.Clear();
                _catalogTopic = catalogTopic;
            }

            var catalogEnd = await reader.GetEndOffsetsAsync(catalogTopic, cancellationToken).ConfigureAwait(false);
            await foreach (var entry in reader.ReadCatalogAsync(catalogTopic, new Dictionary<int, long>(_catalogRead), catalogEnd, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Event is CatalogItemUpserted { CategoryPath.Count: > 0 } upsert)
                {
                    _categories[upsert.ItemId] = upsert.CategoryPath[^1];
                }
            }

            // Advance only after the whole read succeeded, so a cancelled read is repeated, never skipped.
            foreach (var (partition, end) in catalogEnd)
            {
                _catalogRead[partition] = end;
            }

            // A copy: the caller reads it while a later job may extend the cache.
            return new Dictionary<string, string>(_categories, StringComparer.Ordinal);
        }
        finally
        {
            _catalogLock.Release();
        }
    }

    /// <summary>
    /// Reads the window's sessions without categories: the same sessions in the same order as
    /// <see cref="LoadAsync"/>, for readers (the promotion gate) that only rank items and need not scan the catalog log.
    /// </summary>
    public Task<ISessionSource> LoadWithoutCategoriesAsync(DataWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadSessionsAsync(window, new Dictionary<string, string>(StringComparer.Ordinal), cancellationToken);
    }

    private async Task<ISessionSource> ReadSessionsAsync(DataWindow window, Dictionary<string, string> categories, CancellationToken cancellationToken)
    {
        var sessions = new Dictionary<string, List<SessionEvent>>(StringComparer.Ordinal);
        var order = new List<(long Timestamp, string Session)>();
        foreach (var (topic, from, to) in ByTopic(window))
        {
            await foreach (var entry in reader.ReadBehaviorAsync(topic, from, to, cancellationToken).ConfigureAwait(false))
            {
                var e = entry.Event;
                if (e.SequenceItemId is not { } item)
                {
                    continue;
                }

                if (!sessions.TryGetValue(e.SessionId, out var events))
                {
                    sessions[e.SessionId] = events = [];
                    order.Add((e.TimestampMs, e.SessionId));
                }

                events.Add(new SessionEvent(item, e.Interaction, categories.GetValueOrDefault(item), (e as SearchPerformed)?.Query));
            }
        }

        // Sessions oldest first by their first event, the order ISessionSource promises.
        var list = order.OrderBy(o => o.Timestamp).ThenBy(o => o.Session, StringComparer.Ordinal)
            .Select(o => new SessionSequence(o.Session, sessions[o.Session]))
            .ToList();
        return new ListSessionSource(Describe(window), list);
    }

    private static IEnumerable<(string Topic, Dictionary<int, long> From, Dictionary<int, long> To)> ByTopic(DataWindow window)
    {
        var topics = new Dictionary<string, (Dictionary<int, long> From, Dictionary<int, long> To)>(StringComparer.Ordinal);
        foreach (var (key, value) in window.To)
        {
            var (topic, partition) = ParseKey(key);
            if (!topics.TryGetValue(topic, out var t))
            {
                topics[topic] = t = (new Dictionary<int, long>(), new Dictionary<int, long>());
            }

            t.To[partition] = value;
            t.From[partition] = window.From.GetValueOrDefault(key);
        }

        return topics.Select(t => (t.Key, t.Value.From, t.Value.To));
    }

    private static (string Topic, int Partition) ParseKey(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
        {
            throw new FormatException($"Watermark key '{key}' is not '{{topic}}/{{partition}}'.");
        }

        return (key[..slash], partition);
    }

    private static string Describe(DataWindow window) =>
        "segments:" + string.Join(',', window.To.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}[{window.From.GetValueOrDefault(kv.Key)}-{kv.Value})"));
}
