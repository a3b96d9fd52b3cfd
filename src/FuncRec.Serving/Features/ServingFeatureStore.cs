using System.Globalization;
using FuncRec.Core.Features;
using FuncRec.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Serving.Features;

/// <summary>
/// Reads the online features serving needs, following <see cref="FeatureKeys"/>. Every method starts
/// all its commands before awaiting any, so the multiplexer pipelines them into one round trip.
/// </summary>
public sealed class ServingFeatureStore
{
    private static readonly RedisValue[] s_catalogFields = ["cat", "stock", "del", "tokens"];
    private readonly IConnectionMultiplexer _redis;
    private readonly FeatureKeys _keys;
    private readonly ServingOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the store over the shared multiplexer.</summary>
    public ServingFeatureStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<ServingOptions> options, TimeProvider? time = null)
    {
        _redis = redis;
        _keys = new FeatureKeys(redisOptions.Value.KeyPrefix);
        _options = options.Value;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The key schema in use.</summary>
    public FeatureKeys Keys => _keys;

    /// <summary>The user's last <paramref name="maxLength"/> interactions, purchases and the global category exclusions.</summary>
    public async Task<UserFeatures> ReadUserAsync(string userId, int maxLength)
    {
        var db = _redis.GetDatabase();
        var sequence = db.ListRangeAsync(_keys.UserSequence(userId), 0, maxLength - 1);
        var purchased = db.SetMembersAsync(_keys.UserPurchased(userId));
        var excluded = db.SetMembersAsync(_keys.ExcludedCategories());
        await Task.WhenAll(sequence, purchased, excluded).ConfigureAwait(false);

        var entries = sequence.Result;
        var recent = new List<Interaction>(entries.Length);
        foreach (var entry in entries)
        {
            if (TryParseEntry(entry.ToString(), out var interaction))
            {
                recent.Add(interaction);
            }
        }

        return new UserFeatures(recent, ToSet(purchased.Result), ToSet(excluded.Result));
    }

    /// <summary>The global category exclusions alone (for requests without a user).</summary>
    public async Task<IReadOnlySet<string>> ReadExcludedCategoriesAsync() =>
        ToSet(await _redis.GetDatabase().SetMembersAsync(_keys.ExcludedCategories()).ConfigureAwait(false));

    /// <summary>Catalog entries of <paramref name="itemIds"/>, in the same order.</summary>
    public async Task<CatalogEntry[]> ReadCatalogAsync(IReadOnlyList<string> itemIds)
    {
        var db = _redis.GetDatabase();
        var pending = new Task<RedisValue[]>[itemIds.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = db.HashGetAsync(_keys.Item(itemIds[i]), s_catalogFields);
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        var result = new CatalogEntry[pending.Length];
        for (var i = 0; i < pending.Length; i++)
        {
            var f = pending[i].Result;
            result[i] = new CatalogEntry(
                itemIds[i],
                f[0].IsNullOrEmpty ? null : f[0].ToString(),
                InStock: f[1] != "0",
                Deleted: f[2] == "1",
                Tokens: f[3].IsNullOrEmpty ? null : f[3].ToString());
        }

        return result;
    }

    /// <summary>
    /// The most trending items, summed over the last <see cref="ServingOptions.TrendingBuckets"/> buckets,
    /// globally or for one leaf category, best first (ties by id, for deterministic responses).
    /// </summary>
    public async Task<IReadOnlyList<(string ItemId, double Count)>> ReadTrendingAsync(string? categoryId, int count)
    {
        var db = _redis.GetDatabase();
        var width = _options.TrendingBucketMinutes * 60_000L;
        var current = _time.GetUtcNow().ToUnixTimeMilliseconds() / width;
        var pending = new Task<SortedSetEntry[]>[_options.TrendingBuckets];
        for (var b = 0; b < pending.Length; b++)
        {
            var bucket = current - b;
            var key = categoryId is null ? _keys.Trending(bucket) : _keys.CategoryTrending(categoryId, bucket);
            pending[b] = db.SortedSetRangeByRankWithScoresAsync(key, 0, count - 1, Order.Descending);
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var bucket in pending)
        {
            foreach (var e in bucket.Result)
            {
                var id = e.Element.ToString();
                sums[id] = sums.GetValueOrDefault(id) + e.Score;
            }
        }

        return sums.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(count).Select(p => (p.Key, p.Value)).ToList();
    }

    /// <summary>The most clicked items for a normalized query.</summary>
    public async Task<string[]> ReadQueryClicksAsync(string normalizedQuery, int count)
    {
        if (count <= 0 || normalizedQuery.Length == 0)
        {
            return [];
        }

        var top = await _redis.GetDatabase().SortedSetRangeByRankAsync(_keys.QueryClicks(normalizedQuery), 0, count - 1, Order.Descending).ConfigureAwait(false);
        return [.. top.Select(v => v.ToString())];
    }

    /// <summary>Parses <c>{itemId}|{type}|{epochMs}</c>; malformed entries are skipped rather than failing the request.</summary>
    public static bool TryParseEntry(string entry, out Interaction interaction)
    {
        interaction = default;
        var first = entry.IndexOf('|', StringComparison.Ordinal);
        if (first <= 0)
        {
            return false;
        }

        var second = entry.IndexOf('|', first + 1);
        var typeText = second < 0 ? entry.AsSpan(first + 1) : entry.AsSpan(first + 1, second - first - 1);
        if (!byte.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var type)
            || type == 0 || type >= InteractionTypes.EmbeddingRows)
        {
            return false;
        }

        interaction = new Interaction(entry[..first], (InteractionType)type);
        return true;
    }

    private static HashSet<string> ToSet(RedisValue[] values)
    {
        var set = new HashSet<string>(values.Length, StringComparer.Ordinal);
        foreach (var v in values)
        {
            set.Add(v.ToString());
        }

        return set;
    }
}
