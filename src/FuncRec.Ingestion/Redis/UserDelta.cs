using StackExchange.Redis;

namespace FuncRec.Ingestion.Redis;

/// <summary>One user's part of a chunk's behaviour deltas (<see cref="BehaviorDeltas"/>).</summary>
internal sealed class UserDelta(string userId)
{
    /// <summary>Arguments every user record has: id and the three section counts.</summary>
    public const int FixedArguments = 4;

    private readonly Dictionary<string, int> _affinityIndex = new(StringComparer.Ordinal);
    private readonly List<(string Item, double Contribution, long NewestMs)> _affinity = [];

    /// <summary>Sequence entries <c>{item}|{kind}|{ms}</c> in arrival order (the script LPUSHes them, newest ends first).</summary>
    public List<string> Sequence { get; } = [];

    /// <summary>Purchased items.</summary>
    public List<string> Bought { get; } = [];

    /// <summary>The user's items in this chunk, newest first, up to the co-visitation depth.</summary>
    public List<(string Item, long Ts)> Recent { get; } = [];

    /// <summary>
    /// Adds an event's affinity weight to its item's contribution, kept as of the item's newest event time
    /// (the script knows the category and decays it to the user's reference time). Returns the arguments added.
    /// </summary>
    public int AddAffinity(string item, double weight, long ts, double halfLifeMs)
    {
        if (!_affinityIndex.TryGetValue(item, out var index))
        {
            _affinityIndex.Add(item, _affinity.Count);
            _affinity.Add((item, weight, ts));
            return 3;
        }

        var (_, contribution, newest) = _affinity[index];
        _affinity[index] = ts > newest
            ? (item, (contribution * Math.Pow(2, -(ts - newest) / halfLifeMs)) + weight, ts)
            : (item, contribution + (weight * Math.Pow(2, -(newest - ts) / halfLifeMs)), newest);
        return 0;
    }

    /// <summary>Writes the record (id, sequence, purchases, affinity contributions) from <paramref name="a"/>; returns the next index.</summary>
    public int Write(RedisValue[] args, int a)
    {
        args[a++] = userId;
        args[a++] = Sequence.Count;
        foreach (var entry in Sequence)
        {
            args[a++] = entry;
        }

        args[a++] = Bought.Count;
        foreach (var item in Bought)
        {
            args[a++] = item;
        }

        args[a++] = _affinity.Count;
        foreach (var (item, contribution, newest) in _affinity)
        {
            args[a++] = item;
            // "R" round-trips: the script's tonumber reads back the same double.
            args[a++] = contribution.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            args[a++] = newest;
        }

        return a;
    }
}
