namespace FuncRec.Core.Metrics;

/// <summary>
/// Averages Recall, MRR, NDCG and HitRate at a set of cut-offs over many test cases.
/// Not thread-safe: give each evaluation worker its own and <see cref="Merge"/> them at the end.
/// </summary>
public sealed class MetricAccumulator
{
    private readonly int[] _cutoffs;
    private readonly double[] _recall;
    private readonly double[] _mrr;
    private readonly double[] _ndcg;

    /// <summary>Creates an accumulator for the given cut-offs (for example 10 and 20).</summary>
    public MetricAccumulator(params int[] cutoffs)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        if (cutoffs.Length == 0)
        {
            throw new ArgumentException("At least one cut-off is required.", nameof(cutoffs));
        }

        _cutoffs = (int[])cutoffs.Clone();
        _recall = new double[cutoffs.Length];
        _mrr = new double[cutoffs.Length];
        _ndcg = new double[cutoffs.Length];
    }

    /// <summary>The number of test cases added.</summary>
    public long Count { get; private set; }

    /// <summary>The cut-offs this accumulator reports.</summary>
    public IReadOnlyList<int> Cutoffs => _cutoffs;

    /// <summary>Adds one test case by the 1-based rank of its relevant item.</summary>
    public void Add(int rank)
    {
        for (var i = 0; i < _cutoffs.Length; i++)
        {
            _recall[i] += RankingMetrics.RecallAt(rank, _cutoffs[i]);
            _mrr[i] += RankingMetrics.ReciprocalRankAt(rank, _cutoffs[i]);
            _ndcg[i] += RankingMetrics.NdcgAt(rank, _cutoffs[i]);
        }

        Count++;
    }

    /// <summary>Adds another accumulator's sums; both must have the same cut-offs.</summary>
    public void Merge(MetricAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!other._cutoffs.AsSpan().SequenceEqual(_cutoffs))
        {
            throw new ArgumentException("Cut-offs differ.", nameof(other));
        }

        for (var i = 0; i < _cutoffs.Length; i++)
        {
            _recall[i] += other._recall[i];
            _mrr[i] += other._mrr[i];
            _ndcg[i] += other._ndcg[i];
        }

        Count += other.Count;
    }

    /// <summary>The mean metrics, 0 when no case was added.</summary>
    public RankingSummary Summarize()
    {
        var byCutoff = new Dictionary<int, RankingScores>(_cutoffs.Length);
        for (var i = 0; i < _cutoffs.Length; i++)
        {
            var n = Math.Max(1, Count);
            byCutoff[_cutoffs[i]] = new RankingScores(_recall[i] / n, _mrr[i] / n, _ndcg[i] / n);
        }

        return new RankingSummary(Count, byCutoff);
    }
}

/// <summary>Mean metrics at one cut-off, as fractions in [0, 1]. HitRate equals Recall with one relevant item.</summary>
public sealed record RankingScores(double Recall, double Mrr, double Ndcg)
{
    /// <summary>Hit rate; the same value as <see cref="Recall"/> for next-item prediction.</summary>
    public double HitRate => Recall;
}

/// <summary>Mean metrics for each cut-off over <paramref name="Cases"/> test cases.</summary>
public sealed record RankingSummary(long Cases, IReadOnlyDictionary<int, RankingScores> ByCutoff)
{
    /// <summary>The scores at cut-off <paramref name="k"/>.</summary>
    public RankingScores At(int k) => ByCutoff.TryGetValue(k, out var s)
        ? s
        : throw new KeyNotFoundException($"No metrics were accumulated at cut-off {k}.");

    /// <summary>
    /// The metrics as manifest and gate entries: <c>recall@10</c>, <c>mrr@10</c>, <c>ndcg@10</c>, <c>hitrate@10</c>, ...
    /// and <c>cases</c>. Every evaluator reports through this, so the gate compares the same keys whoever computed them.
    /// </summary>
    public Dictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["cases"] = Cases };
        foreach (var (k, s) in ByCutoff)
        {
            metrics[$"recall@{k}"] = s.Recall;
            metrics[$"mrr@{k}"] = s.Mrr;
            metrics[$"ndcg@{k}"] = s.Ndcg;
            metrics[$"hitrate@{k}"] = s.HitRate;
        }

        return metrics;
    }
}
