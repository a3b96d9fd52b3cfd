namespace FuncRec.Core.Updates;

/// <summary>The result of a compare-and-swap on CURRENT.</summary>
public enum PromotionStatus
{
    /// <summary>CURRENT now names the version.</summary>
    Promoted,

    /// <summary>CURRENT already named the version (an idempotent retry); nothing changed.</summary>
    AlreadyCurrent,

    /// <summary>CURRENT no longer named the expected version, or another writer won the ETag race.</summary>
    Conflict,

    /// <summary>The version does not exist or is incomplete (no manifest).</summary>
    NotFound,
}

/// <summary>Outcome of a promotion or rollback.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Current">The version CURRENT names afterwards.</param>
/// <param name="Previous">The version it named before.</param>
/// <param name="Message">A sentence for operators.</param>
public sealed record PromotionResult(PromotionStatus Status, string? Current, string? Previous, string Message)
{
    /// <summary>True for Promoted and AlreadyCurrent.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Succeeded => Status is PromotionStatus.Promoted or PromotionStatus.AlreadyCurrent;
}
