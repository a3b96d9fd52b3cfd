using System.Diagnostics;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Ingestion.Blob;
using FuncRec.Ingestion.Redis;
using StackExchange.Redis;

namespace FuncRec.Bench.Ingest;

/// <summary>Single-thread cost (time and allocation) of the CPU stages, to explain where end-to-end time goes.</summary>
internal static class Profile
{
    public static string Measure(IReadOnlyList<byte[]> values, int batch)
    {
        var parser = new EventParser(new IngestionOptions { MaxEventAge = TimeSpan.FromDays(4000) });
        var entries = new List<BehaviorSegmentEntry>(values.Count);
        var parse = Stage(() =>
        {
            for (var i = 0; i < values.Count; i++)
            {
                entries.Add(new BehaviorSegmentEntry(0, i, parser.ParseBehavior(values[i]).Event!));
            }
        });

        long bytes = 0;
        var encode = Stage(() =>
        {
            foreach (var chunk in entries.Chunk(batch))
            {
                using var encoded = BlobSegmentWriter.EncodePooled(chunk, EventJsonContext.Default.BehaviorSegmentEntry);
                bytes += encoded.Length;
            }
        });

        // The store's client-side aggregation and argument list, as RedisBehaviorFeatureStore builds them, without Redis:
        // every item gets a leaf category so the affinity part is built too.
        var o = new FeatureStoreOptions();
        var deltas = new BehaviorDeltas(new FeatureKeys("bench:"), o.CoVisitationDepth, (long)o.CoVisitationWindow.TotalMilliseconds,
            o.AffinityHalfLife.TotalMilliseconds, (long)o.TrendingBucket.TotalMilliseconds);
        var header = new RedisValue[17];
        long arguments = 0;
        var aggregate = Stage(() =>
        {
            for (var start = 0; start < entries.Count; start += batch)
            {
                deltas.Build(entries, start, Math.Min(batch, entries.Count - start), -1);
                var leaves = new RedisValue[deltas.Items.Count];
                Array.Fill(leaves, (RedisValue)"1");
                arguments += deltas.ToArguments(header, -1, leaves).Length;
            }
        });

        var raw = values.Sum(v => (long)v.Length);
        var n = (double)values.Count;
        return $"[bench] profile (1 thread): parse+validate {n / parse.Seconds:F0} events/s ({parse.Bytes / n:F0} B/event allocated), " +
            $"segment encode+gzip {n / encode.Seconds:F0} events/s ({encode.Bytes / n:F0} B/event), " +
            $"feature deltas {n / aggregate.Seconds:F0} events/s ({aggregate.Bytes / n:F0} B/event, {arguments / n:F1} script arguments/event); " +
            $"{raw / n:F0} B/event JSON, {bytes / n:F1} B/event in segments";
    }

    private static (double Seconds, long Bytes) Stage(Action run)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        run();
        return (stopwatch.Elapsed.TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }
}
