namespace FuncRec.Core.Updates.Policies;

/// <summary>The pending-window counters (<c>FeatureKeys.PendingCounters</c> and <c>PendingPopularity</c>).</summary>
/// <param name="Events">Behaviour events since the consumed watermark.</param>
/// <param name="NewItems">Items first seen since then.</param>
/// <param name="NewUsers">Users first seen since then.</param>
/// <param name="CatalogChanges">Catalog upserts and deletes since then.</param>
/// <param name="PendingPopularity">Top-K item counts of the pending window.</param>
/// <param name="TrainedPopularity">Top-K item counts of the window the current model trained on (empty when unknown).</param>
public sealed record PendingSnapshot(
    long Events,
    long NewItems,
    long NewUsers,
    long CatalogChanges,
    IReadOnlyDictionary<string, double> PendingPopularity,
    IReadOnlyDictionary<string, double> TrainedPopularity)
{
    /// <summary>Nothing pending.</summary>
    public static PendingSnapshot Empty { get; } = new(0, 0, 0, 0, new Dictionary<string, double>(), new Dictionary<string, double>());
}

/// <summary>What the registry and the pacing store know about a model.</summary>
public sealed record ModelUpdateState
{
    /// <summary>The version CURRENT names; null before the first promotion.</summary>
    public string? CurrentVersion { get; init; }

    /// <summary>When the current version was trained (its manifest's CreatedUtc).</summary>
    public DateTimeOffset? CurrentCreatedUtc { get; init; }

    /// <summary>When the last full retrain was promoted; null when never.</summary>
    public DateTimeOffset? LastFullRetrainUtc { get; init; }

    /// <summary>An update instance is running now.</summary>
    public bool UpdateRunning { get; init; }

    /// <summary>Failed (or rejected) runs since the last success.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When the last failed run ended.</summary>
    public DateTimeOffset? LastFailureUtc { get; init; }

    /// <summary>Trainer minutes used on the current UTC day.</summary>
    public double TrainingMinutesToday { get; init; }

    /// <summary>
    /// The frozen window end (<c>{topic}/{partition}</c> to offset) of the last rejected or failed run, when no
    /// promotion came after it; null otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, long>? LastUnsuccessfulWindowTo { get; init; }

    /// <summary>What ingestion has durably written now (<c>{topic}/{partition}</c> to the next offset); null when not read.</summary>
    public IReadOnlyDictionary<string, long>? IngestedWatermarks { get; init; }
}

/// <summary>An admin's request for an update.</summary>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="Reason">Why.</param>
/// <param name="Full">Retrain from scratch instead of incrementally.</param>
/// <param name="Force">Ignore backoff, budget and an empty pending window.</param>
/// <param name="PolicyFollowUp">
/// The coalesced follow-up of a policy trigger rather than an admin's request: the rules are evaluated again when it
/// is taken (it starts only if one is still due), and like the policy itself it waits for new data after a rejected
/// or failed run.
/// </param>
public sealed record ManualUpdateRequest(string RequestedBy, string Reason, bool Full = false, bool Force = false, bool PolicyFollowUp = false);
