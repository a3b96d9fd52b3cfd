using FuncRec.Core.Events;
using FuncRec.Core.Metrics;
using FuncRec.Core.Sessions;
using FuncRec.Serving.Evaluation;
using FuncRec.Serving.Model;

namespace FuncRec.LocalHost.Demo;

/// <summary>
/// Measures a served model online, before a week is ingested: every prefix of every sampled session of the
/// week is a case, the next item is the target, ranked over all items the model knows. Cases follow the
/// protocol of docs/quality.md (<see cref="SessionRanking"/>, the gate's too) relative to <c>reference</c> (the
/// freshest model): actions on items it has never seen are dropped, then sessions shorter than 2. A model that
/// does not know a target scores a miss, which is exactly what staleness costs online.
/// </summary>
public static class OnlineEvaluator
{
    /// <summary>A seeded sample of the week's sessions (of at least two actions), each in time order.</summary>
    public static List<SessionSequence> Sessions(IEnumerable<BehaviorEvent> events, int sample, int seed)
    {
        var order = new List<string>();
        var items = new Dictionary<string, List<SessionEvent>>(StringComparer.Ordinal);
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

            list.Add(new SessionEvent(item, e.Interaction));
        }

        var all = order.Where(id => items[id].Count >= 2).Select(id => new SessionSequence(id, items[id])).ToList();
        if (all.Count <= sample)
        {
            return all;
        }

        // A seeded sample keeps the measurement cheap and repeatable.
        var random = new Random(seed);
        return [.. all.OrderBy(_ => random.Next()).Take(sample)];
    }

    /// <summary>
    /// Recall/MRR at 10 and 20 of <paramref name="model"/> on the cases defined by <paramref name="reference"/>, ranked as
    /// recommend ranks: with the version's co-occurrence term when <paramref name="cooccurrence"/> (<c>Serving:Cooccurrence</c>).
    /// </summary>
    public static RankingSummary Evaluate(ServingModel model, ServingModel reference, IReadOnlyList<SessionSequence> sessions, bool cooccurrence)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var known = reference.IdMaps!.ItemIds.ToHashSet(StringComparer.Ordinal);
        return SessionRanking.Evaluate(model, sessions, known, cooccurrence: cooccurrence).Summary;
    }
}
