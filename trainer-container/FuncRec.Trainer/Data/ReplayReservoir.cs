namespace FuncRec.Trainer.Data;

/// <summary>
/// A uniform reservoir sample (Vitter's algorithm R) of all sessions a model lineage has trained on. It is
/// saved with the optimizer state so that every incremental update replays a sample of all earlier data.
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
