using System.Diagnostics;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;

namespace FuncRec.Bench.Ingest;

/// <summary>Times the two stores of each batch (bench-only decorators), to show what a batch waits on.</summary>
internal sealed class StageTimer
{
    private readonly List<double> _features = [];
    private readonly List<double> _segments = [];

    public IBehaviorFeatureStore Wrap(IBehaviorFeatureStore inner) => new Features(inner, this);

    public ISegmentWriter Wrap(ISegmentWriter inner) => new Segments(inner, this);

    public string Summary()
    {
        lock (this)
        {
            return $"per-partition batch: Redis script p50 {P(_features, 0.5):F1} ms p99 {P(_features, 0.99):F1} ms; segment upload p50 {P(_segments, 0.5):F1} ms p99 {P(_segments, 0.99):F1} ms ({_features.Count} batches)";
        }
    }

    private static double P(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
    }

    private void Add(List<double> list, long started)
    {
        lock (this)
        {
            list.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private sealed class Features(IBehaviorFeatureStore inner, StageTimer timer) : IBehaviorFeatureStore
    {
        public async Task<FeatureApplyResult> ApplyAsync(string topic, int partition, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await inner.ApplyAsync(topic, partition, entries, cancellationToken);
            timer.Add(timer._features, started);
            return result;
        }
    }

    private sealed class Segments(ISegmentWriter inner, StageTimer timer) : ISegmentWriter
    {
        public async Task WriteBehaviorAsync(string topic, int partition, long firstOffset, long lastOffset, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            await inner.WriteBehaviorAsync(topic, partition, firstOffset, lastOffset, entries, cancellationToken);
            timer.Add(timer._segments, started);
        }

        public Task WriteCatalogAsync(string topic, int partition, long firstOffset, long lastOffset, IReadOnlyList<CatalogSegmentEntry> entries, CancellationToken cancellationToken) =>
            inner.WriteCatalogAsync(topic, partition, firstOffset, lastOffset, entries, cancellationToken);
    }
}
