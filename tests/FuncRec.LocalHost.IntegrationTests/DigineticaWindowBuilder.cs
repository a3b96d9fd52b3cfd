using FuncRec.Core.Datasets;
using FuncRec.Core.Events;

namespace FuncRec.LocalHost.IntegrationTests;

/// <summary>
/// Builds small training windows from the real Diginetica data: the events of period 0 restricted to its most
/// viewed items (so a tiny model sees each item often enough to learn something in seconds), in sessions of at
/// least two events, cut chronologically into consecutive windows.
/// </summary>
internal sealed class DigineticaWindowBuilder
{
    private int _items = 300;
    private int _sessionsPerWindow = 600;

    /// <summary>Keeps only the <paramref name="items"/> most viewed items.</summary>
    public DigineticaWindowBuilder WithItems(int items)
    {
        _items = items;
        return this;
    }

    /// <summary>Sessions per window.</summary>
    public DigineticaWindowBuilder WithSessionsPerWindow(int sessions)
    {
        _sessionsPerWindow = sessions;
        return this;
    }

    /// <summary><paramref name="count"/> consecutive windows, oldest first, each a list of sessions in time order.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<BehaviorEvent>>> Build(int count)
    {
        var events = new DigineticaImporter().ReadPeriod(0).ToList();
        var top = events.GroupBy(e => e.SequenceItemId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(_items).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var sessions = new Dictionary<string, List<BehaviorEvent>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in events.Where(e => e.SequenceItemId is { } item && top.Contains(item)))
        {
            if (!sessions.TryGetValue(e.SessionId, out var list))
            {
                sessions[e.SessionId] = list = [];
                order.Add(e.SessionId);
            }

            list.Add(e);
        }

        var kept = order.Select(s => sessions[s]).Where(s => s.Count >= 2).ToList();
        if (kept.Count < count * _sessionsPerWindow)
        {
            throw new InvalidOperationException($"Period 0 has {kept.Count} such sessions; {count} windows of {_sessionsPerWindow} need more.");
        }

        return [.. Enumerable.Range(0, count).Select(w => (IReadOnlyList<IReadOnlyList<BehaviorEvent>>)kept.Skip(w * _sessionsPerWindow).Take(_sessionsPerWindow).ToList())];
    }

    /// <summary>
    /// Shuffles the next-item labels of the oldest <paramref name="poisonedFraction"/> of the sessions: the item ids
    /// of all their events are permuted among those events (item popularity stays, every transition is noise).
    /// The newest sessions, where the trainer's held-out slice comes from, stay clean, so the gate measures real
    /// next-item quality on them.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<BehaviorEvent>> ShuffleLabels(IReadOnlyList<IReadOnlyList<BehaviorEvent>> window, double poisonedFraction, int seed)
    {
        var poisoned = (int)(window.Count * poisonedFraction);
        var items = window.Take(poisoned).SelectMany(s => s).Select(e => e.SequenceItemId!).ToArray();
        new Random(seed).Shuffle(items);
        var next = 0;
        var result = new List<IReadOnlyList<BehaviorEvent>>(window.Count);
        foreach (var session in window.Take(poisoned))
        {
            result.Add([.. session.Select(e => e is ItemInteraction i ? i with { ItemId = items[next++] } : throw new InvalidOperationException("only item events"))]);
        }

        result.AddRange(window.Skip(poisoned));
        return result;
    }
}
