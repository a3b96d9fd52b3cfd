using FuncRec.Core.Training;

namespace FuncRec.Core.Updates;

/// <summary>What set an update off.</summary>
public enum UpdateTrigger
{
    /// <summary>Pending events or new items crossed a threshold.</summary>
    Threshold,

    /// <summary>The model is stale and some data is pending.</summary>
    TimeWindow,

    /// <summary>A burst of catalog changes.</summary>
    CatalogBurst,

    /// <summary>The pending item-popularity distribution drifted from the training window's.</summary>
    Drift,

    /// <summary>An admin asked for it.</summary>
    Manual,

    /// <summary>The periodic full retrain (safety net).</summary>
    PeriodicFull,

    /// <summary>Triggers that arrived while an update ran, coalesced into one follow-up.</summary>
    FollowUp,
}

/// <summary>
/// The workflow input. Everything the orchestrator needs that is not in history is here, resolved by the
/// starter from options, so replays never read configuration that may have changed since.
/// </summary>
public sealed record UpdateRequest
{
    /// <summary>The <see cref="RequestedBy"/> of updates the policy started (and of their follow-ups).</summary>
    public const string PolicyActor = "policy";

    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Monotonic per model; the trainer job id is <c>{instanceId}-{Sequence:D6}</c>.</summary>
    public required long Sequence { get; init; }

    /// <summary>What triggered the update.</summary>
    public UpdateTrigger Trigger { get; init; }

    /// <summary>The policy's reason, human readable.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Who asked (policy name or admin principal).</summary>
    public string RequestedBy { get; init; } = PolicyActor;

    /// <summary>Incremental or full.</summary>
    public TrainingMode Mode { get; init; } = TrainingMode.Incremental;

    /// <summary>Train even when nothing is pending (manual and periodic full).</summary>
    public bool Force { get; init; }

    /// <summary>Hyperparameter overrides passed to the trainer.</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Timeouts and retries of this run.</summary>
    public UpdateWorkflowSettings Settings { get; init; } = new();
}

/// <summary>Timing of one workflow run, copied from <c>Updates</c> options at start.</summary>
public sealed record UpdateWorkflowSettings
{
    /// <summary>Give up on a training job after this long. Default 2 hours.</summary>
    public TimeSpan TrainingTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Poll <c>GET /jobs/{id}</c> this often when no callback arrives. Default 1 minute.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Resubmissions after a FailedRetryable job. Default 2.</summary>
    public int MaxJobResubmissions { get; init; } = 2;

    /// <summary>Activity attempts in total. Default 4.</summary>
    public int ActivityMaxAttempts { get; init; } = 4;

    /// <summary>First activity retry delay. Default 5 seconds.</summary>
    public TimeSpan ActivityFirstRetry { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Callback URL the trainer POSTs its final status to; null to rely on polling.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>Fraction of the newest window events held out for the gate. Default 0.1.</summary>
    public double HoldoutFraction { get; init; } = 0.1;

    /// <summary>Versions kept by retention after a promotion (0 disables retention). Default 10.</summary>
    public int RetainVersions { get; init; } = 10;
}
