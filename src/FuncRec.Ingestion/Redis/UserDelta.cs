using System.Globalization;
using StackExchange.Redis;

namespace FuncRec.Ingestion.Redis;

/// <summary>One user's part of a chunk's behaviour deltas (<see cref="BehaviorDeltas"/>).</summary>
internal sealed class UserDelta(string userId)
{
    private string _userId = userId;
    private readonly Dictionary<string, int> _affinityIndex = new(StringComparer.Ordinal);
    private readonly List<(string Item, double Contribution, long NewestMs)> _affinity = [];

    /// <summary>Sequence entries <c>{item}|{kind}|{ms}</c> in arrival order (the script LPUSHes them, so the newest ends first).</summary>
    public List<string> Sequence { get; } = [];

    /// <summary>Purchased items.</summary>
    public List<string> Bought { get; } = [];

    /// <summary>The user's items in this chunk, newest first, up to the co-visitation depth.</summary>
    public List<(string Item, long Ts)> Recent { get; } = [];

    /// <summary>Makes this instance the empty record of <paramref name="userId"/> (instances are reused across chunks).</summary>
    public void Reset(string userId)
    {
        _userId = userId;
        _affinityIndex.Clear();
        _affinity.Clear();
        Sequence.Clear();
        Bought.Clear();
        Recent.Clear();
    }

    /// <summary>Adds an event's affinity weight to its item's contribution, kept as of the item's newest event time.</summary>
    public void AddAffinity(string item, double weight, long ts, double halfLifeMs)
    {
        if (!_affinityIndex.TryGetValue(item, out var index))
        {
            _affinityIndex.Add(item, _affinity.Count);
            _affinity.Add((item, weight, ts));
            return;
        }

        var (_, contribution, newest) = _affinity[index];
        _affinity[index] = ts > newest
            ? (item, (contribution * Decay(ts - newest, halfLifeMs)) + weight, ts)
            : (item, contribution + (weight * Decay(newest - ts, halfLifeMs)), newest);
    }

    /// <summary>
    /// Appends the record: id, sequence entries, purchases, then the affinity part: the newest event time R
    /// among the user's items that have a leaf category and each category's contribution as of R (none when
    /// no item has a category, as the script then leaves the affinity hash alone).
    /// </summary>
    public void Write(List<RedisValue> args, Dictionary<string, string> leafOf, double halfLifeMs, Dictionary<string, double> scratch)
    {
        args.Add(_userId);
        args.Add(Sequence.Count);
        foreach (var entry in Sequence)
        {
            args.Add(entry);
        }

        args.Add(Bought.Count);
        foreach (var item in Bought)
        {
            args.Add(item);
        }

        long? newest = null;
        foreach (var (item, _, ts) in _affinity)
        {
            if (leafOf.ContainsKey(item) && (newest is null || ts > newest))
            {
                newest = ts;
            }
        }

        if (newest is not { } r)
        {
            args.Add(0);
            return;
        }

        scratch.Clear();
        foreach (var (item, contribution, ts) in _affinity)
        {
            if (leafOf.TryGetValue(item, out var leaf))
            {
                scratch[leaf] = scratch.GetValueOrDefault(leaf) + (contribution * Decay(r - ts, halfLifeMs));
            }
        }

        args.Add(scratch.Count);
        args.Add(r);
        foreach (var (leaf, score) in scratch)
        {
            args.Add(leaf);
            // "R" round-trips: the script's tonumber reads back the same double.
            args.Add(score.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static double Decay(long ms, double halfLifeMs) => ms == 0 ? 1 : Math.Pow(2, -ms / halfLifeMs);
}
