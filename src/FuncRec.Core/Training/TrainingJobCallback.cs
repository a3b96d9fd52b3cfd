namespace FuncRec.Core.Training;

/// <summary>The body the trainer POSTs to <see cref="TrainingJobSpec.CallbackUrl"/> when a job ends.</summary>
public sealed record TrainingJobCallback
{
    /// <summary>The job id.</summary>
    public required string JobId { get; init; }

    /// <summary>The terminal state: Succeeded, Failed or FailedRetryable.</summary>
    public required TrainingJobState Outcome { get; init; }

    /// <summary>The version written, when succeeded.</summary>
    public string? ProducedVersion { get; init; }

    /// <summary>The produced version's metrics.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Why the job failed, when it did.</summary>
    public string? Error { get; init; }
}
