using FuncRec.Core.Checkpoints;

namespace FuncRec.Core.Training;

/// <summary>Whether a job warm-starts from its parent on a window or retrains from scratch.</summary>
public enum TrainingMode
{
    /// <summary>Warm start from <see cref="TrainingJobSpec.ParentVersion"/> on the window plus replay.</summary>
    Incremental,

    /// <summary>Train from scratch on everything up to the window's end (the periodic safety net).</summary>
    Full,
}

/// <summary>
/// The body of the trainer's <c>POST /jobs</c>. <see cref="JobId"/> is the idempotency key: submitting the
/// same id twice must return the existing job, never start a second one.
/// </summary>
public sealed record TrainingJobSpec
{
    /// <summary>Contract version.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Idempotent job id, derived from the workflow instance id and a sequence (e.g. <c>update-session-rec-000042</c>).</summary>
    public required string JobId { get; init; }

    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>The version to warm-start from; null trains from scratch.</summary>
    public string? ParentVersion { get; init; }

    /// <summary>The data to train on: per-partition from/to watermarks, or a dataset slice.</summary>
    public DataWindow Window { get; init; } = new();

    /// <summary>Incremental or full.</summary>
    public TrainingMode Mode { get; init; } = TrainingMode.Incremental;

    /// <summary>
    /// Fraction of the newest events of the window the trainer holds out from training; the evaluation gate
    /// compares candidate and champion on exactly that slice, which neither has trained on.
    /// </summary>
    public double HoldoutFraction { get; init; } = 0.1;

    /// <summary>Hyperparameter overrides (string values, as in the manifest).</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the trainer POSTs the final <see cref="TrainingJobStatus"/>; null to rely on polling.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>Why the job runs (the policy decision), for the manifest and logs.</summary>
    public string? Reason { get; init; }
}
