using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;

namespace FuncRec.Core.Updates;

/// <summary>Input of <see cref="UpdateActivities.FreezeWindow"/>.</summary>
/// <param name="Model">Model name.</param>
/// <param name="JobId">The job the frozen snapshot belongs to (idempotency key).</param>
/// <param name="Mode">Incremental or full.</param>
public sealed record FreezeWindowInput(string Model, string JobId, TrainingMode Mode);

/// <summary>The fixed window a job trains on, with the pending counts it consumed.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="ChampionVersion">CURRENT at freeze time (the parent of an incremental job); null when none.</param>
/// <param name="Window">From (the consumed watermarks) and to (the ingested watermarks at freeze time).</param>
/// <param name="PendingEvents">Pending events counted in the window.</param>
/// <param name="PendingNewItems">New items counted in the window.</param>
public sealed record FrozenWindow(string JobId, string? ChampionVersion, DataWindow Window, long PendingEvents, long PendingNewItems);

/// <summary>Input of <see cref="UpdateActivities.EvaluateCandidate"/>.</summary>
/// <param name="Model">Model name.</param>
/// <param name="CandidateVersion">The trained version.</param>
/// <param name="ChampionVersion">CURRENT at freeze time; null when there is none yet.</param>
/// <param name="Window">The frozen window; its newest held-out slice is the evaluation slice.</param>
/// <param name="HoldoutFraction">The held-out fraction given to the trainer.</param>
public sealed record EvaluateCandidateInput(string Model, string CandidateVersion, string? ChampionVersion, DataWindow Window, double HoldoutFraction);

/// <summary>The gate's decision with its evidence.</summary>
/// <param name="Promote">True when the candidate may replace the champion.</param>
/// <param name="Reasons">Why, one line per check.</param>
/// <param name="CandidateMetrics">Candidate metrics on the slice.</param>
/// <param name="ChampionMetrics">Champion metrics on the same slice (empty when there is no champion).</param>
public sealed record CandidateVerdict(bool Promote, IReadOnlyList<string> Reasons, IReadOnlyDictionary<string, double> CandidateMetrics, IReadOnlyDictionary<string, double> ChampionMetrics);

/// <summary>Input of <see cref="UpdateActivities.PromoteCandidate"/>.</summary>
/// <param name="Model">Model name.</param>
/// <param name="CandidateVersion">The version to serve.</param>
/// <param name="ExpectedCurrent">The version CURRENT must still name (compare-and-swap); null when it must be absent.</param>
/// <param name="Actor">Who promotes (the instance id).</param>
/// <param name="Reason">Why.</param>
/// <param name="Metrics">Candidate metrics for the promotion log.</param>
/// <param name="OperationId">Idempotency key of this promotion (the job id).</param>
public sealed record PromoteCandidateInput(string Model, string CandidateVersion, string? ExpectedCurrent, string Actor, string Reason, IReadOnlyDictionary<string, double> Metrics, string OperationId);

/// <summary>Input of <see cref="UpdateActivities.AdvanceWatermark"/>.</summary>
/// <param name="Model">Model name.</param>
/// <param name="JobId">The job whose frozen snapshot is subtracted from the pending counters (once).</param>
/// <param name="To">The watermarks now consumed.</param>
public sealed record AdvanceWatermarkInput(string Model, string JobId, IReadOnlyDictionary<string, long> To);

/// <summary>Input of <see cref="UpdateActivities.ApplyRetention"/>.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Keep">Versions to keep.</param>
public sealed record ApplyRetentionInput(string Model, int Keep);

/// <summary>How a workflow run ended.</summary>
public enum UpdateOutcomeKind
{
    /// <summary>The candidate now serves.</summary>
    Promoted,

    /// <summary>The gate rejected the candidate; CURRENT is unchanged.</summary>
    Rejected,

    /// <summary>Nothing pending; no job submitted.</summary>
    Skipped,

    /// <summary>CURRENT changed during the run (e.g. a rollback); the candidate was not promoted.</summary>
    Superseded,

    /// <summary>A step failed after its retries, or the job failed or timed out.</summary>
    Failed,
}

/// <summary>The recorded result of one workflow run (also the orchestration output).</summary>
public sealed record UpdateOutcome
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Trainer job id, when one was derived.</summary>
    public string? JobId { get; init; }

    /// <summary>Result.</summary>
    public UpdateOutcomeKind Kind { get; init; }

    /// <summary>The trigger of the run.</summary>
    public UpdateTrigger Trigger { get; init; }

    /// <summary>Incremental or full.</summary>
    public TrainingMode Mode { get; init; }

    /// <summary>Why the run ended so (gate reasons, error).</summary>
    public string Detail { get; init; } = string.Empty;

    /// <summary>The step that failed, when <see cref="Kind"/> is Failed.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The version CURRENT named at freeze time.</summary>
    public string? ChampionVersion { get; init; }

    /// <summary>
    /// The frozen window's end watermarks (null when the run failed before freezing one). After a rejected or
    /// failed run, policy triggers wait until ingestion has gone past them (nothing new, nothing to learn).
    /// </summary>
    public IReadOnlyDictionary<string, long>? WindowTo { get; init; }

    /// <summary>The version the trainer produced.</summary>
    public string? CandidateVersion { get; init; }

    /// <summary>Candidate metrics on the gate slice.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Trainer wall time, for the daily budget.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Orchestration time spent in EvaluateCandidate, retries included.</summary>
    public double GateSeconds { get; init; }

    /// <summary>Orchestration start (UTC).</summary>
    public DateTime StartedUtc { get; init; }

    /// <summary>Orchestration end (UTC).</summary>
    public DateTime CompletedUtc { get; init; }
}
