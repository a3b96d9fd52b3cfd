using System.Buffers;
using System.Numerics.Tensors;
using FuncRec.Serving.Model;

namespace FuncRec.Serving.Retrieval;

/// <summary>
/// The exact top of the hybrid score, <c>u · item(r)</c> plus the co-occurrence term, over the whole catalogue. Only
/// the partners of the request's items carry a term, so the best rows are the partners scored exactly, merged with
/// the scan's best rows by model score among the rest. The scan itself skips the partners, so it selects only as many
/// rows as are wanted however many partners there are.
/// </summary>
public static class HybridTopK
{
    /// <summary>The partners in <paramref name="boosts"/> that <paramref name="filter"/> accepts, with their full scores.</summary>
    public static List<(int Row, float Score)> Partners<TFilter>(ServingModel model, ReadOnlySpan<float> vector, Dictionary<int, float>? boosts, ref TFilter filter)
        where TFilter : struct, IRowFilter
    {
        ArgumentNullException.ThrowIfNull(model);
        var partners = new List<(int Row, float Score)>(boosts?.Count ?? 0);
        foreach (var (row, boost) in boosts ?? [])
        {
            if (row > 0 && row < model.Shape.ItemRows && filter.Accept(row))
            {
                partners.Add((row, Score(model, vector, row, boost)));
            }
        }

        return partners;
    }

    /// <summary>The full score of <paramref name="row"/>: <c>u · item(row)</c> plus its term <paramref name="boost"/> (0 for a non-partner).</summary>
    public static float Score(ServingModel model, ReadOnlySpan<float> vector, int row, float boost)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TensorPrimitives.Dot(vector[..model.Shape.Dim], model.ItemVector(row)) + boost;
    }

    /// <summary>
    /// The best <paramref name="count"/> rows by full score, best first: <paramref name="partners"/> (from
    /// <see cref="Partners"/>) merged with the scan's best <paramref name="count"/> non-partners. Every row of the true
    /// top <paramref name="count"/> is a partner or among those non-partners, so the result is exact.
    /// </summary>
    public static List<(int Row, float Score)> Rank<TFilter>(
        ServingModel model, ReadOnlySpan<float> vector, int count, List<(int Row, float Score)> partners, Dictionary<int, float>? boosts, ref TFilter filter)
        where TFilter : struct, IRowFilter
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(partners);
        var scores = ArrayPool<float>.Shared.Rent(count);
        var rows = ArrayPool<int>.Shared.Rent(count);
        try
        {
            int n;
            if (boosts is null || boosts.Count == 0)
            {
                n = ItemScanner.TopK(model.ItemTiles, vector[..model.Shape.Dim], ref filter, scores.AsSpan(0, count), rows.AsSpan(0, count));
            }
            else
            {
                var skipPartners = new ExceptKeys<TFilter>(filter, boosts);
                n = ItemScanner.TopK(model.ItemTiles, vector[..model.Shape.Dim], ref skipPartners, scores.AsSpan(0, count), rows.AsSpan(0, count));
            }

            return Merge(scores.AsSpan(0, n), rows.AsSpan(0, n), partners, count);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    /// <summary>The best <paramref name="count"/> of the scan's rows and the partners, best first.</summary>
    private static List<(int Row, float Score)> Merge(ReadOnlySpan<float> scores, ReadOnlySpan<int> rows, List<(int Row, float Score)> partners, int count)
    {
        // A bounded heap over both lists rather than a sort of all partners: a long history has thousands of them.
        var bestScores = ArrayPool<float>.Shared.Rent(count);
        var bestRows = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var best = new TopKSelector(bestScores.AsSpan(0, count), bestRows.AsSpan(0, count));
            for (var i = 0; i < rows.Length; i++)
            {
                best.Offer(scores[i], rows[i]);
            }

            foreach (var (row, score) in partners)
            {
                best.Offer(score, row);
            }

            var n = best.SortDescending();
            var ranked = new List<(int Row, float Score)>(n);
            for (var i = 0; i < n; i++)
            {
                ranked.Add((bestRows[i], bestScores[i]));
            }

            return ranked;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bestScores);
            ArrayPool<int>.Shared.Return(bestRows);
        }
    }

    /// <summary>The request's filter that also rejects the partners, which the merge scores separately.</summary>
    private readonly struct ExceptKeys<TFilter>(TFilter inner, Dictionary<int, float> keys) : IRowFilter
        where TFilter : struct, IRowFilter
    {
        private readonly TFilter _inner = inner;
        private readonly Dictionary<int, float> _keys = keys;

        public bool Accept(int row) => !_keys.ContainsKey(row) && _inner.Accept(row);
    }
}
