using System.Diagnostics;
using System.Text.Json;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;
using FuncRec.Ingestion.Blob;

namespace FuncRec.Bench.Ingest;

/// <summary>Single-thread cost of the CPU stages, to explain where end-to-end time goes.</summary>
internal static class Profile
{
    public static string Measure(IReadOnlyList<byte[]> values, int batch)
    {
        var parser = new EventParser(new IngestionOptions { MaxEventAge = TimeSpan.FromDays(4000) });
        var entries = new List<BehaviorSegmentEntry>(values.Count);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < values.Count; i++)
        {
            entries.Add(new BehaviorSegmentEntry(0, i, parser.ParseBehavior(values[i]).Event!));
        }

        var parse = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        long bytes = 0;
        foreach (var chunk in entries.Chunk(batch))
        {
            bytes += BlobSegmentWriter.Encode(chunk, EventJsonContext.Default.BehaviorSegmentEntry).Length;
        }

        var encode = stopwatch.Elapsed.TotalSeconds;
        var raw = values.Sum(v => (long)v.Length);
        return $"[bench] profile (1 thread): parse+validate {values.Count / parse:F0} events/s, segment encode+gzip {values.Count / encode:F0} events/s, " +
            $"{raw / (double)values.Count:F0} B/event JSON, {bytes / (double)values.Count:F1} B/event in segments";
    }
}
