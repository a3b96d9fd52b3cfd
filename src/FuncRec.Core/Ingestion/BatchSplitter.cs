using FuncRec.Core.Events;

namespace FuncRec.Core.Ingestion;

/// <summary>Groups a batch by partition, parses every record and sorts out dead letters and in-batch duplicates.</summary>
internal static class BatchSplitter
{
    public delegate bool TryParse<TEntry>(IngestRecord record, out TEntry? entry, out string? eventId, out ParseFailure failure);

    public static List<PartitionBatch<TEntry>> Split<TEntry>(IReadOnlyList<IngestRecord> batch, TryParse<TEntry> parse, long nowMs)
    {
        var byPartition = new Dictionary<(string, int), PartitionBatch<TEntry>>();
        var seenOffsets = new HashSet<(string, int, long)>();
        var seenEventIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in batch.OrderBy(r => r.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition).ThenBy(r => r.Offset))
        {
            if (!byPartition.TryGetValue((record.Topic, record.Partition), out var part))
            {
                part = new PartitionBatch<TEntry>(record.Topic, record.Partition);
                byPartition.Add((record.Topic, record.Partition), part);
            }

            part.FirstOffset = Math.Min(part.FirstOffset, record.Offset);
            part.LastOffset = Math.Max(part.LastOffset, record.Offset);
            if (!seenOffsets.Add((record.Topic, record.Partition, record.Offset)))
            {
                part.InBatchDuplicates++;
                continue;
            }

            ParseFailure failure;
            TEntry? entry;
            string? eventId;
            bool ok;
            try
            {
                ok = parse(record, out entry, out eventId, out failure);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The parser is written not to throw; this keeps a bug in it from failing the whole batch.
                (ok, entry, eventId, failure) = (false, default, null, new ParseFailure(DeadLetterReasons.MalformedJson, "parser error: " + ex.GetType().Name));
            }

            if (!ok)
            {
                part.DeadLetters.Add(new DeadLetter(record.Topic, record.Partition, record.Offset, failure.Reason, failure.Detail,
                    record.Key.IsEmpty ? null : record.Key.ToArray(), record.Value.ToArray(), record.TimestampMs, nowMs));
            }
            else if (!seenEventIds.Add(eventId!))
            {
                // The same event re-sent by its producer within one batch counts once.
                part.InBatchDuplicates++;
            }
            else
            {
                part.Entries.Add(entry!);
            }
        }

        return [.. byPartition.Values];
    }
}
