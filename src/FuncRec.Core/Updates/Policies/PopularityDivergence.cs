namespace FuncRec.Core.Updates.Policies;

/// <summary>
/// Jensen-Shannon divergence between two item-popularity distributions, each restricted to its top K
/// items. The support is the union of both top-K sets; every count of the union gets an additive
/// smoothing pseudo-count so that an item present on one side only contributes a finite amount. The
/// logarithm is base 2, so the result lies in [0, 1]: 0 for identical distributions, 1 for disjoint ones
/// as smoothing goes to 0.
/// </summary>
public static class PopularityDivergence
{
    /// <summary>JS divergence (base 2) of the smoothed top-K distributions; 0 when either side is empty.</summary>
    public static double JensenShannon(
        IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q, int topK, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(smoothing);

        var topP = Top(p, topK);
        var topQ = Top(q, topK);
        if (topP.Count == 0 || topQ.Count == 0)
        {
            return 0.0;
        }

        var support = new HashSet<string>(topP.Keys, StringComparer.Ordinal);
        support.UnionWith(topQ.Keys);
        var sumP = support.Sum(k => topP.GetValueOrDefault(k) + smoothing);
        var sumQ = support.Sum(k => topQ.GetValueOrDefault(k) + smoothing);
        if (sumP <= 0 || sumQ <= 0)
        {
            return 0.0;
        }

        var js = 0.0;
        foreach (var key in support)
        {
            var pi = (topP.GetValueOrDefault(key) + smoothing) / sumP;
            var qi = (topQ.GetValueOrDefault(key) + smoothing) / sumQ;
            var mi = 0.5 * (pi + qi);
            js += 0.5 * Term(pi, mi) + 0.5 * Term(qi, mi);
        }

        // Rounding can leave tiny negatives or values a hair above 1.
        return Math.Clamp(js, 0.0, 1.0);
    }

    private static double Term(double x, double m) => x <= 0 ? 0 : x * Math.Log2(x / m);

    private static Dictionary<string, double> Top(IReadOnlyDictionary<string, double> counts, int k) =>
        counts.Where(e => e.Value > 0 && double.IsFinite(e.Value))
            .OrderByDescending(e => e.Value)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Take(k)
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
