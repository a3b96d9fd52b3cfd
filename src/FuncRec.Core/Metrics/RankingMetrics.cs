namespace FuncRec.Core.Metrics;

/// <summary>
/// Next-item ranking metrics over a full ranking. Each function takes the 1-based rank of the
/// single relevant item (0 or negative when it was not ranked at all) and a cut-off K.
/// They are pure so that the evaluator, the gate and the benchmarks agree to the last digit.
/// </summary>
public static class RankingMetrics
{
    /// <summary>1 when the relevant item is within the top <paramref name="k"/>, else 0.</summary>
    public static double RecallAt(int rank, int k) => IsHit(rank, k) ? 1.0 : 0.0;

    /// <summary>
    /// Hit rate at K. With a single relevant item per case it equals Recall@K; it is kept as its own
    /// name because reports in the literature use both.
    /// </summary>
    public static double HitRateAt(int rank, int k) => RecallAt(rank, k);

    /// <summary>Reciprocal rank when within the top <paramref name="k"/>, else 0.</summary>
    public static double ReciprocalRankAt(int rank, int k) => IsHit(rank, k) ? 1.0 / rank : 0.0;

    /// <summary>Normalised DCG with one relevant item: 1 / log2(rank + 1) when within the top K.</summary>
    public static double NdcgAt(int rank, int k) => IsHit(rank, k) ? 1.0 / Math.Log2(rank + 1.0) : 0.0;

    /// <summary>
    /// The 1-based rank of <paramref name="target"/> among <paramref name="scores"/>: one plus the
    /// number of items with a strictly higher score. Ties count in the target's favour, which is
    /// the convention of the ADER and SASRec evaluation code.
    /// </summary>
    public static int RankOf(ReadOnlySpan<float> scores, int target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target, scores.Length);
        var t = scores[target];
        if (float.IsNaN(t))
        {
            return scores.Length;
        }

        var higher = 0;
        foreach (var s in scores)
        {
            if (s > t)
            {
                higher++;
            }
        }

        return higher + 1;
    }

    private static bool IsHit(int rank, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return rank >= 1 && rank <= k;
    }
}
