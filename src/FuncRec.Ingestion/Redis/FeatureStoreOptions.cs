using System.ComponentModel.DataAnnotations;

namespace FuncRec.Ingestion.Redis;

/// <summary>Shapes, caps and TTLs of the online features (docs/features.md).</summary>
public sealed class FeatureStoreOptions
{
    /// <summary>Configuration section (<c>Features__SequenceCap</c> in app settings).</summary>
    public const string SectionName = "Features";

    /// <summary>Entries kept in each user sequence. Default: 200.</summary>
    [Range(1, 10_000)]
    public int SequenceCap { get; set; } = 200;

    /// <summary>Entries kept in each co-visitation ZSET (highest counts). Default: 100.</summary>
    [Range(1, 10_000)]
    public int CoVisitationCap { get; set; } = 100;

    /// <summary>How many of the user's previous items a new item is paired with (0 turns co-visitation off). Default: 5.</summary>
    [Range(0, 50)]
    public int CoVisitationDepth { get; set; } = 5;

    /// <summary>Largest time gap between two co-visited items. Default: 1 hour.</summary>
    public TimeSpan CoVisitationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Width of a trending bucket (bucket = epoch ms / width). Default: 1 hour.</summary>
    public TimeSpan TrendingBucket { get; set; } = TimeSpan.FromHours(1);

    /// <summary>TTL of trending buckets after their last write. Default: 48 hours.</summary>
    public TimeSpan TrendingTtl { get; set; } = TimeSpan.FromHours(48);

    /// <summary>TTL of per-user keys (sequence, purchases, affinity) after their last write. Default: 90 days.</summary>
    public TimeSpan UserTtl { get; set; } = TimeSpan.FromDays(90);

    /// <summary>TTL of co-visitation ZSETs after their last write. Default: 30 days.</summary>
    public TimeSpan CoVisitationTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>TTL of query-click ZSETs after their last write. Default: 30 days.</summary>
    public TimeSpan QueryTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Half-life of user category affinity. Default: 7 days.</summary>
    public TimeSpan AffinityHalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Models whose pending-update counters each event feeds. Default: empty, meaning <c>["session-rec"]</c>, the model the update policy and serving default to
    /// (an empty default keeps configuration binding from appending to a pre-filled array).
    /// </summary>
    [Required]
    public string[] PendingModels { get; set; } = [];

    /// <summary>The models to feed: <see cref="PendingModels"/>, or <c>session-rec</c> when none is configured.</summary>
    public IReadOnlyList<string> EffectivePendingModels => PendingModels.Length > 0 ? PendingModels : ["session-rec"];
}
