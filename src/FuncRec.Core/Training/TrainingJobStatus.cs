namespace FuncRec.Core.Training;

/// <summary>Lifecycle of a trainer job.</summary>
public enum TrainingJobState
{
    /// <summary>Accepted, not started.</summary>
    Queued,

    /// <summary>Training.</summary>
    Running,

    /// <summary>Finished; <see cref="TrainingJobStatus.ProducedVersion"/> is complete in blob storage.</summary>
    Succeeded,

    /// <summary>Failed for good (bad data, bad spec): resubmitting the same spec will fail again.</summary>
    Failed,

    /// <summary>Failed for a transient reason (preempted, out of memory): the caller may resubmit.</summary>
    FailedRetryable,
}

/// <summary>
/// What <c>GET /jobs/{id}</c> returns and what the trainer POSTs to the callback URL (the workflow's
/// <c>TrainingCompleted</c> event payload).
/// </summary>
public sealed record TrainingJobStatus
{
    /// <summary>Contract version.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The job id from the spec.</summary>
    public required string JobId { get; init; }

    /// <summary>Model name.</summary>
    public string? Model { get; init; }

    /// <summary>Current state.</summary>
    public TrainingJobState State { get; init; }

    /// <summary>Progress in percent, 0 to 100.</summary>
    public double ProgressPercent { get; init; }

    /// <summary>Metrics on the held-out slice when finished.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The version written to blob storage on success.</summary>
    public string? ProducedVersion { get; init; }

    /// <summary>The error message on failure.</summary>
    public string? Error { get; init; }

    /// <summary>Wall time the job trained, in seconds (for the daily training budget).</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>When the trainer last updated the status (UTC).</summary>
    public DateTimeOffset? UpdatedUtc { get; init; }

    /// <summary>True for Succeeded, Failed and FailedRetryable.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTerminal => State is TrainingJobState.Succeeded or TrainingJobState.Failed or TrainingJobState.FailedRetryable;
}
