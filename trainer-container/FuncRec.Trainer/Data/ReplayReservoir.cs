namespace FuncRec.Trainer.Data;

/// <summary>
/// The replay sample of a model lineage, saved with the optimizer state so that every incremental update replays
/// earlier data: either a uniform reservoir sample (Vitter's algorithm R) of all sessions the lineage has trained on
/// (<see cref="Offer"/>) or a recency-weighted one (<see cref="Refresh"/>).
/// </summary>
public sealed class ReplayReservoir
{
    private readonly List<EncodedSession> _sessions = [];

    /// <summary>Creates an empty reservoir of <paramref name="capacity"/> sessions.</summary>
    public ReplayReservoir(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>Maximum sessions kept.</summary>
    public int Capacity { get; private set; }

    /// <summary>Sessions offered so far over the whole lineage.</summary>
    public long Seen { get; private set; }

    /// <summary>The sample.</summary>
    public IReadOnlyList<EncodedSession> Sessions => _sessions;

    /// <summary>Restores a saved reservoir.</summary>
    public static ReplayReservoir Restore(int capacity, long seen, IEnumerable<EncodedSession> sessions)
    {
        var r = new ReplayReservoir(capacity) { Seen = seen };
        r._sessions.AddRange(sessions.Take(capacity));
        return r;
    }

    /// <summary>Offers one session; it is kept with probability capacity / seen.</summary>
    public void Offer(EncodedSession session, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Seen++;
        if (Capacity == 0)
        {
            return;
        }

        if (_sessions.Count < Capacity)
        {
            _sessions.Add(session);
            return;
        }

        var j = random.NextInt64(Seen);
        if (j < Capacity)
        {
            _sessions[(int)j] = session;
        }
    }

    /// <summary>
    /// Recency-weighted replay: the new sample is drawn uniformly from the current sample plus <paramref name="window"/>,
    /// so the window fills about |window| / (|window| + capacity) of it and each earlier session's chance to stay shrinks
    /// geometrically with every update. <see cref="Offer"/> instead keeps a uniform sample of the whole lineage, in which a
    /// late window gets only capacity / seen of the slots.
    /// </summary>
    public void Refresh(IReadOnlyList<EncodedSession> window, Random random)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(random);
        Seen += window.Count;
        var candidates = _sessions.Concat(window).ToArray();
        // A partial Fisher-Yates shuffle: the first Capacity entries are a uniform sample without replacement.
        var keep = Math.Min(Capacity, candidates.Length);
        for (var i = 0; i < keep; i++)
        {
            var j = i + random.Next(candidates.Length - i);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }

        _sessions.Clear();
        _sessions.AddRange(candidates.AsSpan(0, keep));
    }

    /// <summary>Changes the capacity; shrinking drops a uniform subset.</summary>
    public void Resize(int capacity, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentNullException.ThrowIfNull(random);
        while (_sessions.Count > capacity)
        {
            _sessions.RemoveAt(random.Next(_sessions.Count));
        }

        Capacity = capacity;
    }
}
