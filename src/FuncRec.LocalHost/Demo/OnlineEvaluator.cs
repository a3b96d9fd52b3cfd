using System.Numerics.Tensors;
using FuncRec.Core.Events;
using FuncRec.Core.Metrics;
using FuncRec.Serving.Model;

namespace FuncRec.LocalHost.Demo;

/// <summary>
/// Measures a served model online, before a week is ingested: every prefix of every sampled session of the
/// week is a case, the next item is the target, ranked over all items the model knows. Cases follow the
/// protocol of docs/quality.md relative to <c>reference</c> (the freshest model): actions on items it has never
/// seen are dropped, then sessions shorter than 2. A model that does not know a target scores a miss, which is
/// exactly what staleness costs online.
/// </summary>
public static class OnlineEvaluator
{
    /// <summary>The week's sessions in order of first event, with their item ids in time order.</summary>
    public static List<List<string>> Sessions(IEnumerable<BehaviorEvent> events, int sample, int seed)
    {
        var order = new List<string>();
        var items = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.SequenceItemId is not { } item)
            {
                continue;
            }

            if (!items.TryGetValue(e.SessionId, out var list))
            {
                items[e.SessionId] = list = [];
                order.Add(e.SessionId);
            }

            list.Add(item);
        }

        var all = order.Select(id => items[id]).Where(s => s.Count >= 2).ToList();
        if (all.Count <= sample)
        {
            return all;
        }

        // A seeded sample keeps the measurement cheap and repeatable.
        var random = new Random(seed);
        return [.. all.OrderBy(_ => random.Next()).Take(sample)];
    }

    /// <summary>Recall/MRR at 10 and 20 of <paramref name="model"/> on the cases defined by <paramref name="reference"/>.</summary>
    public static RankingSummary Evaluate(ServingModel model, ServingModel reference, IReadOnlyList<List<string>> sessions)
    {
        var accumulator = new MetricAccumulator(10, 20);
        var maps = model.IdMaps!;
        var dim = model.Shape.Dim;
        var user = new float[dim];
        var rows = new List<int>();
        var types = new List<byte>();
        foreach (var session in sessions)
        {
            var kept = session.Where(i => reference.IdMaps!.ItemRow(i) != 0).ToList();
            for (var t = 1; t < kept.Count; t++)
            {
                var target = maps.ItemRow(kept[t]);
                rows.Clear();
                foreach (var item in kept.Take(t))
                {
                    if (maps.ItemRow(item) is var r and > 0)
                    {
                        rows.Add(r);
                    }
                }

                if (target == 0 || rows.Count == 0)
                {
                    accumulator.Add(0);
                    continue;
                }

                types.Clear();
                types.AddRange(Enumerable.Repeat((byte)1, rows.Count));
                model.Session.Encode(rows.ToArray(), types.ToArray(), user);
                accumulator.Add(Rank(model, user, target));
            }
        }

        return accumulator.Summarize();
    }

    private static int Rank(ServingModel model, float[] user, int target)
    {
        var dim = model.Shape.Dim;
        var matrix = model.ItemMatrix.AsSpan();
        var targetScore = TensorPrimitives.Dot(user, matrix.Slice(target * dim, dim));
        var higher = 0;
        var rows = matrix.Length / dim;
        // Row 0 is padding and never a candidate.
        for (var r = 1; r < rows; r++)
        {
            if (r != target && TensorPrimitives.Dot(user, matrix.Slice(r * dim, dim)) > targetScore)
            {
                higher++;
            }
        }

        return higher + 1;
    }
}
