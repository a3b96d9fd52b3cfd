using System.ComponentModel.DataAnnotations;

namespace FuncRec.Serving;

/// <summary>Scoring limits, model watching and fallbacks (<c>Serving__*</c> in app settings).</summary>
public sealed class ServingOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Serving";

    /// <summary>The model name whose <c>models/{model}/CURRENT</c> is served. Default: <c>session-rec</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string Model { get; set; } = "session-rec";

    /// <summary>The k used when a request gives none. Default: 20.</summary>
    [Range(1, 1000)]
    public int DefaultK { get; set; } = 20;

    /// <summary>The largest k a request may ask for. Default: 100.</summary>
    [Range(1, 1000)]
    public int MaxK { get; set; } = 100;

    /// <summary>The most item ids one score (re-ranking) request may carry. Default: 500.</summary>
    [Range(1, 10_000)]
    public int MaxScoreItems { get; set; } = 500;

    /// <summary>The most category exclusions one request may carry. Default: 50.</summary>
    [Range(0, 1000)]
    public int MaxExcludedCategories { get; set; } = 50;

    /// <summary>How often <c>CURRENT</c>'s ETag is polled. Default: 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Model candidates fetched per requested result before the Redis stock check: k × this + 8.
    /// The scan widens by 4× (up to the catalogue) when too many of them are out of stock. Default: 2.
    /// </summary>
    [Range(1, 100)]
    public int CandidateFactor { get; set; } = 2;

    /// <summary>Width of a trending bucket; must match the ingestion's. Default: 60 minutes.</summary>
    [Range(1, 10_080)]
    public int TrendingBucketMinutes { get; set; } = 60;

    /// <summary>Trending buckets summed, the current one and those before it. Default: 2.</summary>
    [Range(1, 168)]
    public int TrendingBuckets { get; set; } = 2;

    /// <summary>
    /// Result slots given to items newer than the model (from their category's trending) when the
    /// user's history holds such items. Default: 2.
    /// </summary>
    [Range(0, 100)]
    public int NewItemSlots { get; set; } = 2;

    /// <summary>
    /// Whether recommend puts the user's own recent items (the tower's input) first, in model-score order, before the
    /// model's top-K of everything else: the session-first ranking that the quality protocol and the gate measure
    /// (docs/quality.md). Off by default because a storefront usually shows them in a "recently viewed" strip instead.
    /// Default: false.
    /// </summary>
    public bool SessionItemsFirst { get; set; }

    /// <summary>
    /// Whether recommend adds the version's co-occurrence term to the model's scores (versions trained with
    /// <c>Training:CooccurrenceWeight</c> &gt; 0 carry the table and the weight): the hybrid ranking the trainer and the gate
    /// measure. Default: true.
    /// </summary>
    public bool Cooccurrence { get; set; } = true;
}
