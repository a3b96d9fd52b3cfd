namespace FuncRec.Core.Features;

/// <summary>
/// The Redis key schema of the online feature store, shared by the writers (ingestion) and the
/// readers (serving, update policy). docs/features.md documents types, encodings and TTLs.
/// Every key starts with the deployment prefix (<c>Redis:KeyPrefix</c>, default <c>fr:</c>).
/// Ids are validated before they reach here (ingestion rejects ids outside [A-Za-z0-9._:-]{1,64}).
/// </summary>
/// <param name="Prefix">The deployment key prefix.</param>
public sealed record FeatureKeys(string Prefix)
{
    /// <summary>LIST, newest first, capped: each entry is <c>{itemId}|{(int)InteractionType}|{epochMs}</c>.</summary>
    public string UserSequence(string userId) => $"{Prefix}u:{{{userId}}}:seq";

    /// <summary>SET of item ids the user has purchased.</summary>
    public string UserPurchased(string userId) => $"{Prefix}u:{{{userId}}}:bought";

    /// <summary>HASH category id to time-decayed affinity score, plus field <c>_ts</c> (epoch ms of the last decay).</summary>
    public string UserCategoryAffinity(string userId) => $"{Prefix}u:{{{userId}}}:aff";

    /// <summary>
    /// HASH of catalog metadata: <c>cat</c> (category path, '/'-separated, leaf last), <c>brand</c>,
    /// <c>price</c>, <c>stock</c> ("1"/"0"), <c>tokens</c> (space-separated title tokens), <c>ts</c>
    /// (epoch ms of the catalog event that wrote it), <c>del</c> ("1" after a delete).
    /// </summary>
    public string Item(string itemId) => $"{Prefix}i:{itemId}";

    /// <summary>
    /// HASH item id to its leaf category ("" when the item has none): an index of the <c>cat</c> field of
    /// <see cref="Item"/>, written with it by catalog ingestion and filled on first sight by behaviour ingestion,
    /// which reads the categories of a whole chunk with one HMGET.
    /// </summary>
    public string ItemLeafCategories() => $"{Prefix}items:leaf";

    /// <summary>SET of category ids excluded from serving everywhere (admin-managed).</summary>
    public string ExcludedCategories() => $"{Prefix}cat:excluded";

    /// <summary>ZSET item id to event count within one trending bucket (bucket = epoch ms / bucket width).</summary>
    public string Trending(long bucket) => $"{Prefix}trend:{bucket}";

    /// <summary>ZSET item id to event count within one trending bucket, for one leaf category.</summary>
    public string CategoryTrending(string categoryId, long bucket) => $"{Prefix}trend:c:{categoryId}:{bucket}";

    /// <summary>ZSET co-visited item id to count, capped to the top entries.</summary>
    public string CoVisitation(string itemId) => $"{Prefix}covis:{itemId}";

    /// <summary>ZSET item id to click count for one normalized query.</summary>
    public string QueryClicks(string normalizedQuery) => $"{Prefix}q:{normalizedQuery}";

    /// <summary>
    /// HASH of counters since the model's last consumed watermark: <c>events</c>, <c>new_items</c>,
    /// <c>new_users</c> and <c>catalog_changes</c>. Item popularity of the same window is in
    /// <see cref="PendingPopularity"/>.
    /// </summary>
    public string PendingCounters(string model) => $"{Prefix}pending:{model}";

    /// <summary>
    /// HASH item id to event count in the pending window (drift detection). A hash rather than a sorted set because
    /// ingestion increments it for every item of every chunk and only the drift check ranks it; the name differs from
    /// the sorted set of earlier versions (<c>:pop</c>) so an old key never meets a hash command.
    /// </summary>
    public string PendingPopularity(string model) => $"{Prefix}pending:{model}:itemcounts";

    /// <summary>SET of every item id ever seen in behaviour events (to count new items).</summary>
    public string KnownItems() => $"{Prefix}known:items";

    /// <summary>SET of every user id ever seen (to count new users).</summary>
    public string KnownUsers() => $"{Prefix}known:users";

    /// <summary>
    /// HASH partition number to the highest Kafka offset whose events are applied to the features of this
    /// topic. Written in the same Lua script as the feature updates, which makes redelivery idempotent.
    /// </summary>
    public string IngestHighWaterMarks(string topic) => $"{Prefix}ingest:hwm:{topic}";
}
