namespace FuncRec.Core.Training;

/// <summary>What <c>GET /jobs/{id}</c> returns: where a job is and what it produced.</summary>
public sealed record TrainingJobStatus
{
    /// <summary>The job id.</summary>
    public required string JobId { get; init; }

    /// <summary>The model the job trains.</summary>
    public required string Model { get; init; }

    /// <summary>The lifecycle state.</summary>
    public required TrainingJobState State { get; init; }

    /// <summary>Progress of the current attempt, 0 to 100.</summary>
    public double ProgressPercent { get; init; }

    /// <summary>How many times the job has been started (1 for the first run; a retry adds one).</summary>
    public int Attempt { get; init; }

    /// <summary>Evaluation metrics of the produced version (fractions, e.g. <c>recall@20</c>) and counts.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The version written under <c>models/{model}/versions/</c>, once succeeded.</summary>
    public string? ProducedVersion { get; init; }

    /// <summary>Why the job failed, in words; null unless failed.</summary>
    public string? Error { get; init; }

    /// <summary>When the job was first accepted (UTC).</summary>
    public DateTimeOffset SubmittedUtc { get; init; }

    /// <summary>When the current attempt started running (UTC).</summary>
    public DateTimeOffset? StartedUtc { get; init; }

    /// <summary>When the current attempt ended (UTC).</summary>
    public DateTimeOffset? CompletedUtc { get; init; }
}
