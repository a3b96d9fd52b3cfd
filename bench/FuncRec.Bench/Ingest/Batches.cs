using FuncRec.Core.Ingestion;

namespace FuncRec.Bench.Ingest;

/// <summary>Splits events into Kafka-like partitions (by key hash) and batches, and runs one batch per partition at a time.</summary>
internal static class Batches
{
    public static List<List<IngestRecord>[]> Of(string topic, IReadOnlyList<(string Key, byte[] Value)> events, int partitions, int batch, long firstOffset = 0)
    {
        var perPartition = Enumerable.Range(0, partitions).Select(_ => new List<IngestRecord>()).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (key, value) in events)
        {
            var p = (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)partitions);
            perPartition[p].Add(new IngestRecord(topic, p, firstOffset + perPartition[p].Count, ReadOnlyMemory<byte>.Empty, value, now));
        }

        return perPartition.Select(list => list.Chunk(batch).Select(c => c.ToList()).ToArray()).ToList();
    }

    /// <summary>Each partition's batches in order, partitions concurrently (as the Kafka trigger runs them).</summary>
    public static async Task<IngestResult> RunAsync(BehaviorIngestor ingestor, List<List<IngestRecord>[]> partitions)
    {
        var results = await Task.WhenAll(partitions.Select(async batches =>
        {
            var total = IngestResult.Empty;
            foreach (var b in batches)
            {
                total = total.Add(await ingestor.IngestAsync(b, default));
            }

            return total;
        }));
        return results.Aggregate(IngestResult.Empty, (a, b) => a.Add(b));
    }
}
