using FuncRec.Core.Checkpoints;
using FuncRec.Core.Sessions;
using FuncRec.Trainer.Data;

namespace FuncRec.Trainer.Training;

/// <summary>How a version is produced.</summary>
public enum TrainingMode
{
    /// <summary>Warm start from the parent (weights, Adam state, id maps, replay) and train on the window plus replay.</summary>
    Incremental,

    /// <summary>Train from scratch on the window (which should then hold everything to learn from).</summary>
    Full,
}

/// <summary>One training job.</summary>
public sealed record TrainingRequest
{
    /// <summary>Model name (blob path segment), e.g. <c>session-rec</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The new version's name; null generates a sortable one.</summary>
    public string? Version { get; init; }

    /// <summary>The parent version: required for <see cref="TrainingMode.Incremental"/>, recorded only for full.</summary>
    public string? ParentVersion { get; init; }

    /// <summary>Incremental or full.</summary>
    public TrainingMode Mode { get; init; } = TrainingMode.Incremental;

    /// <summary>The window of sessions to train on.</summary>
    public required ISessionSource Data { get; init; }

    /// <summary>The watermarks of <see cref="Data"/>, copied to the manifest; null records only the data's description.</summary>
    public DataWindow? Window { get; init; }

    /// <summary>
    /// Per-job overrides of <c>Training:*</c> options by property name (e.g. <c>Epochs</c> or <c>Training:Epochs</c>);
    /// <c>Model:*</c> keys apply to full trainings only, since an incremental child keeps its parent's architecture.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Hyperparameters { get; init; }
}

/// <summary>What a training job produced.</summary>
/// <param name="Manifest">The manifest written last (version, parent, counts, hyperparameters, metrics, sha256).</param>
/// <param name="ExamplesProcessed">Training examples processed over all epochs (the compute measure).</param>
/// <param name="TrainSeconds">Wall time of the training epochs alone.</param>
/// <param name="TotalSeconds">Wall time of the whole job (loading, training, evaluation, saving).</param>
public sealed record TrainingResult(ModelManifest Manifest, long ExamplesProcessed, double TrainSeconds, double TotalSeconds)
{
    /// <summary>The version written.</summary>
    public string Version => Manifest.Version;

    /// <summary>Held-out metrics (fractions); empty when no holdout was configured.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Manifest.Metrics;
}
