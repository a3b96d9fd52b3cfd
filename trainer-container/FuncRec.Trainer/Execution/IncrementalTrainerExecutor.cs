using System.Diagnostics;
using System.Globalization;
using FuncRec.Core.Training;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Logging;
using CoreMode = FuncRec.Core.Training.TrainingMode;
using TrainerMode = FuncRec.Trainer.Training.TrainingMode;

namespace FuncRec.Trainer.Execution;

/// <summary>
/// Runs jobs on the TorchSharp <see cref="IncrementalTrainer"/>: a dataset slice (<c>diginetica:0-3</c>) reads the
/// period files, a watermark window reads the ingestion's blob segments; a job with a parent warm-starts from it.
/// </summary>
public sealed partial class IncrementalTrainerExecutor(IncrementalTrainer trainer, TrainingWindowOpener windows, ILogger<IncrementalTrainerExecutor> logger) : ITrainingExecutor
{
    /// <inheritdoc />
    public async Task<TrainingJobResult> RunAsync(TrainingJobSpec spec, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        var source = await windows.OpenAsync(spec.Window, cancellationToken).ConfigureAwait(false);
        var readSeconds = clock.Elapsed.TotalSeconds;
        var request = new TrainingRequest
        {
            Model = spec.Model,
            ParentVersion = spec.ParentVersion,
            // Without a parent there is nothing to warm-start from: the job trains from scratch.
            Mode = spec.Mode == CoreMode.Full || spec.ParentVersion is null ? TrainerMode.Full : TrainerMode.Incremental,
            Data = source,
            Window = spec.Window,
            // The gate evaluates the champion on the same newest fraction, so the trainer must hold out exactly that.
            Hyperparameters = new Dictionary<string, string>(spec.Hyperparameters, StringComparer.Ordinal)
            {
                [nameof(TrainingOptions.HoldoutFraction)] = spec.HoldoutFraction.ToString("R", CultureInfo.InvariantCulture),
            },
        };
        var result = await trainer.TrainAsync(request, progress, cancellationToken).ConfigureAwait(false);
        var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal)
        {
            ["examples"] = result.ExamplesProcessed,
            ["train_seconds"] = result.TrainSeconds,
        };
        var counts = result.Manifest.Counts;
        LogPhases(logger, spec.JobId, readSeconds, counts.GetValueOrDefault("prepare_ms") / 1000.0, result.TrainSeconds,
            counts.GetValueOrDefault("evaluate_ms") / 1000.0, clock.Elapsed.TotalSeconds);
        return new TrainingJobResult(result.Version, metrics);
    }

    // Where a job's time goes, so the cost of an update can be attributed (docs/demo.md).
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information,
        Message = "Job {JobId} phases: read window {Read:0.0} s, prepare {Prepare:0.0} s, train {Train:0.0} s, evaluate {Evaluate:0.0} s, total {Total:0.0} s (the rest is saving)")]
    private static partial void LogPhases(ILogger logger, string jobId, double read, double prepare, double train, double evaluate, double total);
}
