using System.Globalization;
using System.Runtime.InteropServices;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Core.Text;
using StackExchange.Redis;

namespace FuncRec.Ingestion.Redis;

/// <summary>
/// Aggregates one partition chunk's new events (offsets above an expected high-water mark) into the
/// per-key deltas that apply_behavior.lua takes: one count per distinct trending key and item, per
/// co-visited pair, per query and item, per item (popularity); one record per user (sequence entries,
/// purchases, affinity per leaf category). Doing this here instead of in the script keeps redis-server,
/// the single-threaded bottleneck, to one command per distinct key and member. What needs Redis state
/// (stored recent items, stored affinities, first sightings) is left to the script; the items' leaf
/// categories are looked up in between (<see cref="Items"/>, then <see cref="ToArguments"/>).
/// </summary>
internal sealed class BehaviorDeltas
{
    // Affinity weight per interaction type (1 view, 2 click, 3 add_to_cart, 4 purchase, 5 search click).
    private static readonly double[] s_affinityWeight = [1, 1, 1, 2, 4, 1];

    private readonly FeatureKeys _keys;
    private readonly int _covisDepth;
    private readonly long _covisWindowMs;
    private readonly double _halfLifeMs;
    private readonly long _bucketMs;
    private readonly Dictionary<long, Dictionary<string, int>> _trend = [];
    private readonly Dictionary<string, int> _items = new(StringComparer.Ordinal);
    private readonly List<string> _itemOrder = [];
    private readonly Dictionary<string, UserDelta> _users = new(StringComparer.Ordinal);
    private readonly List<UserDelta> _userOrder = [];
    private readonly Dictionary<string, Dictionary<string, int>> _covis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _queries = new(StringComparer.Ordinal);

    // Reused across chunks (the store pools instances): the chunk state lives across the Redis round trips, so
    // allocating it afresh per chunk promoted it out of gen0 and cost more CPU than the aggregation itself.
    private readonly Stack<Dictionary<string, int>> _spareCounts = new();
    private readonly List<UserDelta> _spareUsers = [];
    private readonly Dictionary<string, string> _leafOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _byCategory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _scratch = new(StringComparer.Ordinal);
    private readonly List<RedisValue> _args = [];

    public BehaviorDeltas(FeatureKeys keys, int covisDepth, long covisWindowMs, double halfLifeMs, long bucketMs)
    {
        _keys = keys;
        _covisDepth = covisDepth;
        _covisWindowMs = covisWindowMs;
        _halfLifeMs = halfLifeMs;
        _bucketMs = bucketMs;
    }

    /// <summary>Events taken (offset above the expected mark).</summary>
    public int Applied { get; private set; }

    /// <summary>Highest offset taken, or the expected mark when none was.</summary>
    public long Last { get; private set; }

    /// <summary>The distinct items of the events taken, in first-seen order (whose leaf categories <see cref="ToArguments"/> needs).</summary>
    public IReadOnlyList<string> Items => _itemOrder;

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

    /// <summary>
    /// The script's arguments: <paramref name="header"/> with the mark fields filled in, then the deltas.
    /// <paramref name="leaves"/> holds the leaf category of each of <see cref="Items"/> ("" or null = none).
    /// </summary>
    public RedisValue[] ToArguments(RedisValue[] header, long expectedMark, RedisValue[] leaves)
    {
        var leafOf = _leafOf;
        leafOf.Clear();
        for (var i = 0; i < _itemOrder.Count; i++)
        {
            if (!leaves[i].IsNullOrEmpty)
            {
                leafOf[_itemOrder[i]] = leaves[i]!;
            }
        }

        var args = _args;
        args.Clear();
        args.AddRange(header);
        args[3] = expectedMark;
        args[4] = Last;
        args[5] = Applied;
        WriteTrending(args, leafOf);
        args.Add(_queries.Count);
        foreach (var (key, items) in _queries)
        {
            args.Add(key);
            WriteCounts(args, items);
        }

        args.Add(_itemOrder.Count);
        foreach (var item in _itemOrder)
        {
            args.Add(item);
        }

        foreach (var item in _itemOrder)
        {
            args.Add(_items[item]);
        }

        args.Add(_userOrder.Count);
        foreach (var user in _userOrder)
        {
            user.Write(args, leafOf, _halfLifeMs, _scratch);
        }

        args.Add(_covis.Count);
        foreach (var (item, members) in _covis)
        {
            args.Add(item);
            WriteCounts(args, members);
        }

        return args.ToArray();
    }

    // Global trending per bucket, then per leaf category and bucket; both under the trending TTL.
    private void WriteTrending(List<RedisValue> args, Dictionary<string, string> leafOf)
    {
        var byCategory = _byCategory;
        Release(byCategory);
        foreach (var (bucket, items) in _trend)
        {
            foreach (var (item, count) in items)
            {
                if (!leafOf.TryGetValue(item, out var leaf))
                {
                    continue;
                }

                var key = _keys.CategoryTrending(leaf, bucket);
                if (!byCategory.TryGetValue(key, out var counts))
                {
                    counts = Rent();
                    byCategory.Add(key, counts);
                }

                counts[item] = count;
            }
        }

        args.Add(_trend.Count + byCategory.Count);
        foreach (var (bucket, items) in _trend)
        {
            args.Add(_keys.Trending(bucket));
            WriteCounts(args, items);
        }

        foreach (var (key, items) in byCategory)
        {
            args.Add(key);
            WriteCounts(args, items);
        }
    }

    private static void WriteCounts(List<RedisValue> args, Dictionary<string, int> counts)
    {
        args.Add(counts.Count);
        foreach (var (member, count) in counts)
        {
            args.Add(member);
            args.Add(count);
        }
    }

    private void Clear()
    {
        Applied = 0;
        Release(_trend);
        Release(_covis);
        Release(_queries);
        Release(_byCategory);
        _items.Clear();
        _itemOrder.Clear();
        _users.Clear();
        _userOrder.Clear();
    }

    private Dictionary<string, int> Rent()
    {
        if (_spareCounts.TryPop(out var counts))
        {
            return counts;
        }

        return new Dictionary<string, int>(StringComparer.Ordinal);
    }

    private void Release<TKey>(Dictionary<TKey, Dictionary<string, int>> map)
        where TKey : notnull
    {
        foreach (var counts in map.Values)
        {
            counts.Clear();
            _spareCounts.Push(counts);
        }

        map.Clear();
    }

    private void Add(BehaviorEvent e)
    {
        if (!_users.TryGetValue(e.UserId, out var user))
        {
            if (_userOrder.Count < _spareUsers.Count)
            {
                user = _spareUsers[_userOrder.Count];
                user.Reset(e.UserId);
            }
            else
            {
                user = new UserDelta(e.UserId);
                _spareUsers.Add(user);
            }

            _users.Add(e.UserId, user);
            _userOrder.Add(user);
        }

        var item = e.SequenceItemId;
        if (string.IsNullOrEmpty(item))
        {
            return;
        }

        var kind = (int)e.Interaction;
        var ts = e.TimestampMs;
        user.Sequence.Add(string.Create(CultureInfo.InvariantCulture, $"{item}|{kind}|{ts}"));
        if (e.Interaction == InteractionType.Purchase)
        {
            user.Bought.Add(item);
        }

        ref var itemCount = ref CollectionsMarshal.GetValueRefOrAddDefault(_items, item, out var seen);
        itemCount++;
        if (!seen)
        {
            _itemOrder.Add(item);
        }

        // Floor division, as the trending readers compute buckets.
        var bucket = ts >= 0 || ts % _bucketMs == 0 ? ts / _bucketMs : (ts / _bucketMs) - 1;
        if (!_trend.TryGetValue(bucket, out var trend))
        {
            trend = Rent();
            _trend.Add(bucket, trend);
        }

        Increment(trend, item);
        user.AddAffinity(item, kind < s_affinityWeight.Length ? s_affinityWeight[kind] : 1, ts, _halfLifeMs);
        if (_covisDepth > 0)
        {
            PairWithRecent(user, item, ts);
        }

        if (e is SearchPerformed { ClickedItemId: not null } search)
        {
            var key = _keys.QueryClicks(QueryTokenizer.Normalize(search.Query));
            if (!_queries.TryGetValue(key, out var clicks))
            {
                clicks = Rent();
                _queries.Add(key, clicks);
            }

            Increment(clicks, item);
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
            CountPair(item, other);
            CountPair(other, item);
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

    private void CountPair(string item, string other)
    {
        if (!_covis.TryGetValue(item, out var members))
        {
            members = Rent();
            _covis.Add(item, members);
        }

        Increment(members, other);
    }

    private static void Increment(Dictionary<string, int> counts, string member) =>
        CollectionsMarshal.GetValueRefOrAddDefault(counts, member, out _)++;
}
