using FuncRec.Core.Features;
using StackExchange.Redis;

namespace FuncRec.Serving.IntegrationTests;

/// <summary>Writes online features straight into real Redis following <see cref="FeatureKeys"/>, until ingestion lands.</summary>
internal sealed class FeatureDataBuilder(IDatabase db, FeatureKeys keys, int trendingBucketMinutes = 60)
{
    private long _clock = 1_700_000_000_000;

    /// <summary>Appends interactions, oldest first (each becomes the newest entry, as ingestion LPUSHes).</summary>
    public async Task<FeatureDataBuilder> HistoryAsync(string userId, params (string ItemId, InteractionType Type)[] oldestFirst)
    {
        foreach (var (item, type) in oldestFirst)
        {
            await db.ListLeftPushAsync(keys.UserSequence(userId), $"{item}|{(int)type}|{_clock++}");
        }

        return this;
    }

    public async Task<FeatureDataBuilder> PurchasedAsync(string userId, params string[] itemIds)
    {
        foreach (var id in itemIds)
        {
            await db.SetAddAsync(keys.UserPurchased(userId), id);
        }

        return this;
    }

    public async Task<FeatureDataBuilder> ItemAsync(string itemId, string categoryPath, bool inStock = true, string tokens = "", bool deleted = false)
    {
        await db.HashSetAsync(keys.Item(itemId),
        [
            new HashEntry("cat", categoryPath),
            new HashEntry("stock", inStock ? "1" : "0"),
            new HashEntry("tokens", tokens),
            new HashEntry("ts", _clock++),
            new HashEntry("del", deleted ? "1" : "0"),
        ]);
        return this;
    }

    public async Task<FeatureDataBuilder> ExcludeCategoryAsync(string categoryId)
    {
        await db.SetAddAsync(keys.ExcludedCategories(), categoryId);
        return this;
    }

    /// <summary>Adds trending counts in the current bucket, globally and for the given leaf category.</summary>
    public async Task<FeatureDataBuilder> TrendingAsync(string itemId, double count, string? categoryId = null)
    {
        var bucket = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / (trendingBucketMinutes * 60_000L);
        await db.SortedSetIncrementAsync(keys.Trending(bucket), itemId, count);
        if (categoryId is not null)
        {
            await db.SortedSetIncrementAsync(keys.CategoryTrending(categoryId, bucket), itemId, count);
        }

        return this;
    }

    public async Task<FeatureDataBuilder> QueryClickAsync(string normalizedQuery, string itemId, double count)
    {
        await db.SortedSetIncrementAsync(keys.QueryClicks(normalizedQuery), itemId, count);
        return this;
    }
}
