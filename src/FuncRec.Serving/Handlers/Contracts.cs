namespace FuncRec.Serving.Handlers;

/// <summary><c>GET recommend/{userId}?k=&amp;excludeCategories=</c>.</summary>
/// <param name="UserId">The user.</param>
/// <param name="K">Results wanted; <see cref="ServingOptions.DefaultK"/> when null.</param>
/// <param name="ExcludeCategories">Category ids (leaf or ancestor) not to recommend from.</param>
public sealed record RecommendRequest(string? UserId, int? K = null, IReadOnlyList<string>? ExcludeCategories = null);

/// <summary><c>POST score</c>: re-rank the given items for a user.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ItemIds">Items to score (at most <see cref="ServingOptions.MaxScoreItems"/>; duplicates are scored once).</param>
public sealed record ScoreRequest(string? UserId, IReadOnlyList<string>? ItemIds);

/// <summary><c>GET search?q=&amp;userId=&amp;k=</c>.</summary>
/// <param name="Query">The query text.</param>
/// <param name="UserId">Optional user for personalisation.</param>
/// <param name="K">Results wanted; <see cref="ServingOptions.DefaultK"/> when null.</param>
public sealed record SearchRequest(string? Query, string? UserId = null, int? K = null);

/// <summary>One ranked item.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="Score">The score of its source (model dot product, search score or trending count).</param>
/// <param name="Source">Where it came from: one of <see cref="ItemSources"/>.</param>
public sealed record ScoredItem(string ItemId, float Score, string Source);

/// <summary>Every serving response: the model version used, the fallback taken (if any) and the items, best first.</summary>
/// <param name="ModelVersion">The version that served the request, start to finish.</param>
/// <param name="Fallback">One of <see cref="FallbackReasons"/>, or null when the model alone answered.</param>
/// <param name="Items">The items, best first.</param>
public sealed record ServingResponse(string ModelVersion, string? Fallback, IReadOnlyList<ScoredItem> Items);

/// <summary>Values of <see cref="ScoredItem.Source"/>.</summary>
public static class ItemSources
{
    /// <summary>Scored by the model.</summary>
    public const string Model = "model";

    /// <summary>One of the user's own recent items, ranked first by the model (<c>Serving:SessionItemsFirst</c>).</summary>
    public const string Session = "session";

    /// <summary>From global trending.</summary>
    public const string Trending = "trending";

    /// <summary>From a category's trending (items newer than the model).</summary>
    public const string CategoryTrending = "category_trending";

    /// <summary>A new item scored through its category embedding (score requests).</summary>
    public const string CategoryEmbedding = "category_embedding";
}

/// <summary>Values of <see cref="ServingResponse.Fallback"/>.</summary>
public static class FallbackReasons
{
    /// <summary>The user has no history: global trending items.</summary>
    public const string NoHistoryTrending = "no_history:trending";

    /// <summary>
    /// The user's history holds items newer than the model: those items' category trending supplies
    /// new items (all results when nothing in the history is known to the model).
    /// </summary>
    public const string NewItemsCategoryTrending = "new_items:category_trending";

    /// <summary>Some scored items are newer than the model and were scored through their category embedding.</summary>
    public const string NewItemsCategoryEmbedding = "new_items:category_embedding";

    /// <summary>The user has no history, so score requests use trending counts.</summary>
    public const string NoHistoryTrendingCounts = "no_history:trending_counts";

    /// <summary>A search for a user without history is not personalised.</summary>
    public const string NoHistoryUnpersonalised = "no_history:unpersonalised";

    /// <summary>The model candidates ran out (filters removed them); trending filled the rest.</summary>
    public const string FilledFromTrending = "filled:trending";
}
