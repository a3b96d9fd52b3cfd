using FuncRec.Core.Checkpoints;

namespace FuncRec.Core.Training;

/// <summary>
/// What the update workflow asks the trainer to do (<c>POST /jobs</c>). <see cref="JobId"/> is the
/// idempotency key: the same id with the same spec never starts a second job.
/// </summary>
public sealed record TrainingJobSpec
{
    /// <summary>Caller-chosen job id; a blob path segment, so 1-64 letters, digits, '-', '_' or '.'.</summary>
    public required string JobId { get; init; }

    /// <summary>Model name, e.g. <c>session-rec</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The version to warm-start from; required for <see cref="TrainingMode.Incremental"/>.</summary>
    public string? ParentVersion { get; init; }

    /// <summary>
    /// The data to train on: per-source <see cref="DataWindow.From"/>/<see cref="DataWindow.To"/> watermarks
    /// (segments), or a <see cref="DataWindow.DatasetSlice"/> such as <c>diginetica:0-3</c>; exactly one of them.
    /// It is copied into the produced version's manifest.
    /// </summary>
    public DataWindow Window { get; init; } = new();

    /// <summary>Incremental (warm start) or full retrain. Default: incremental.</summary>
    public TrainingMode Mode { get; init; } = TrainingMode.Incremental;

    /// <summary>Hyperparameter overrides by name, as strings (recorded verbatim in the manifest).</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the trainer POSTs a <see cref="TrainingJobCallback"/> when the job ends; optional.</summary>
    public Uri? CallbackUrl { get; init; }
}
