using System.Globalization;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Core.Text;
using StackExchange.Redis;

namespace FuncRec.Ingestion.Redis;

/// <summary>
/// Aggregates one partition chunk's new events (offsets above an expected high-water mark) into the
/// per-key deltas that apply_behavior.lua takes: one count per distinct trending bucket and item, per
/// co-visited pair, per query and item; one record per user (sequence entries, purchases, affinity
/// contributions). Doing this here instead of in the script keeps redis-server, the single-threaded
/// bottleneck, to one command per distinct key and member. Everything that needs Redis state (item
/// categories, stored recent items, stored affinities, first sightings) is left to the script.
/// </summary>
internal sealed class BehaviorDeltas
{
    // Affinity weight per interaction type (1 view, 2 click, 3 add_to_cart, 4 purchase, 5 search click).
    private static readonly double[] s_affinityWeight = [1, 1, 1, 2, 4, 1];

    private readonly int _covisDepth;
    private readonly long _covisWindowMs;
    private readonly double _halfLifeMs;
    private readonly long _bucketMs;
    private readonly string _queryKeyPrefix;
    private readonly Dictionary<long, Dictionary<string, int>> _trend = [];
    private readonly List<string> _items = [];
    private readonly HashSet<string> _itemSet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserDelta> _users = new(StringComparer.Ordinal);
    private readonly List<UserDelta> _userOrder = [];
    private readonly Dictionary<string, Dictionary<string, int>> _covis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _queries = new(StringComparer.Ordinal);
    private int _argCount;

    public BehaviorDeltas(int covisDepth, long covisWindowMs, double halfLifeMs, long bucketMs, string queryKeyPrefix)
    {
        _covisDepth = covisDepth;
        _covisWindowMs = covisWindowMs;
        _halfLifeMs = halfLifeMs;
        _bucketMs = bucketMs;
        // Query keys are sent whole so the script does no string work on queries.
        _queryKeyPrefix = queryKeyPrefix;
    }

    /// <summary>Events taken (offset above the expected mark).</summary>
    public int Applied { get; private set; }

    /// <summary>Highest offset taken, or the expected mark when none was.</summary>
    public long Last { get; private set; }

    /// <summary>Aggregates the events of <paramref name="entries"/> with offsets above <paramref name="expectedMark"/>.</summary>
    public void Build(IReadOnlyList<BehaviorSegmentEntry> entries, int start, int count, long expectedMark)
    {
        Clear();
        Last = expectedMark;
        for (var i = start; i < start + count; i++)
        {
            var entry = entries[i];
            if (entry.Offset <= expectedMark)
            {
                continue;
            }

            Applied++;
            if (entry.Offset > Last)
            {
                Last = entry.Offset;
            }

            Add(entry.Event);
        }
    }

    /// <summary>The script's arguments: <paramref name="header"/> (with the mark fields filled in), then the deltas.</summary>
    public RedisValue[] ToArguments(RedisValue[] header, long expectedMark)
    {
        var args = new RedisValue[header.Length + _argCount];
        header.CopyTo(args, 0);
        args[3] = expectedMark;
        args[4] = Last;
        args[5] = Applied;
        var a = header.Length;
        args[a++] = _trend.Count;
        foreach (var (bucket, items) in _trend)
        {
            args[a++] = bucket;
            a = WriteCounts(args, a, items);
        }

        args[a++] = _items.Count;
        foreach (var item in _items)
        {
            args[a++] = item;
        }

        args[a++] = _userOrder.Count;
        foreach (var user in _userOrder)
        {
            a = user.Write(args, a);
        }

        args[a++] = _covis.Count;
        foreach (var (item, members) in _covis)
        {
            args[a++] = item;
            a = WriteCounts(args, a, members);
        }

        args[a++] = _queries.Count;
        foreach (var (key, items) in _queries)
        {
            args[a++] = key;
            a = WriteCounts(args, a, items);
        }

        if (a != args.Length)
        {
            throw new InvalidOperationException($"Behaviour delta arguments: wrote {a - header.Length}, counted {_argCount}.");
        }

        return args;
    }

    private static int WriteCounts(RedisValue[] args, int a, Dictionary<string, int> counts)
    {
        args[a++] = counts.Count;
        foreach (var (member, count) in counts)
        {
            args[a++] = member;
            args[a++] = count;
        }

        return a;
    }

    private void Clear()
    {
        Applied = 0;
        _trend.Clear();
        _items.Clear();
        _itemSet.Clear();
        _users.Clear();
        _userOrder.Clear();
        _covis.Clear();
        _queries.Clear();
        // The section counts: trending buckets, items, users, co-visitation keys, queries.
        _argCount = 5;
    }

    private void Add(BehaviorEvent e)
    {
        if (!_users.TryGetValue(e.UserId, out var user))
        {
            user = new UserDelta(e.UserId);
            _users.Add(e.UserId, user);
            _userOrder.Add(user);
            _argCount += UserDelta.FixedArguments;
        }

        var item = e.SequenceItemId;
        if (string.IsNullOrEmpty(item))
        {
            return;
        }

        var kind = (int)e.Interaction;
        var ts = e.TimestampMs;
        user.Sequence.Add(string.Create(CultureInfo.InvariantCulture, $"{item}|{kind}|{ts}"));
        _argCount++;
        if (e.Interaction == InteractionType.Purchase)
        {
            user.Bought.Add(item);
            _argCount++;
        }

        if (_itemSet.Add(item))
        {
            _items.Add(item);
            _argCount++;
        }

        // Floor division, as the trending readers compute buckets.
        var bucket = ts >= 0 || ts % _bucketMs == 0 ? ts / _bucketMs : (ts / _bucketMs) - 1;
        if (!_trend.TryGetValue(bucket, out var trend))
        {
            trend = new Dictionary<string, int>(StringComparer.Ordinal);
            _trend.Add(bucket, trend);
            _argCount += 2;
        }

        _argCount += Increment(trend, item);
        var weight = kind < s_affinityWeight.Length ? s_affinityWeight[kind] : 1;
        _argCount += user.AddAffinity(item, weight, ts, _halfLifeMs);
        if (_covisDepth > 0)
        {
            PairWithRecent(user, item, ts);
        }

        if (e is SearchPerformed { ClickedItemId: not null } search)
        {
            var key = _queryKeyPrefix + QueryTokenizer.Normalize(search.Query);
            if (!_queries.TryGetValue(key, out var clicks))
            {
                clicks = new Dictionary<string, int>(StringComparer.Ordinal);
                _queries.Add(key, clicks);
                _argCount += 2;
            }

            _argCount += Increment(clicks, item);
        }
    }

    // Pairs the item with each distinct item among the user's previous ones in this chunk, as the original
    // per-event script did with its window; pairs with items stored before this chunk are the script's part.
    private void PairWithRecent(UserDelta user, string item, long ts)
    {
        var recent = user.Recent;
        Span<int> paired = stackalloc int[recent.Count];
        var nPaired = 0;
        for (var j = 0; j < recent.Count; j++)
        {
            var (other, otherTs) = recent[j];
            if (string.Equals(other, item, StringComparison.Ordinal) || Math.Abs(ts - otherTs) > _covisWindowMs || Paired(recent, paired[..nPaired], other))
            {
                continue;
            }

            paired[nPaired++] = j;
            _argCount += CountPair(item, other) + CountPair(other, item);
        }

        recent.Insert(0, (item, ts));
        if (recent.Count > _covisDepth)
        {
            recent.RemoveAt(recent.Count - 1);
        }
    }

    private static bool Paired(List<(string Item, long Ts)> recent, ReadOnlySpan<int> paired, string other)
    {
        foreach (var j in paired)
        {
            if (string.Equals(recent[j].Item, other, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private int CountPair(string item, string other)
    {
        var added = 0;
        if (!_covis.TryGetValue(item, out var members))
        {
            members = new Dictionary<string, int>(StringComparer.Ordinal);
            _covis.Add(item, members);
            added = 2;
        }

        return added + Increment(members, other);
    }

    /// <summary>Adds one to <paramref name="member"/>; returns the arguments a new member adds (member and count).</summary>
    private static int Increment(Dictionary<string, int> counts, string member)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, member, out var existed);
        count++;
        return existed ? 0 : 2;
    }
}
