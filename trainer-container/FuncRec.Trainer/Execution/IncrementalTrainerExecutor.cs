using FuncRec.Core.Training;
using System.Globalization;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Training;
using CoreMode = FuncRec.Core.Training.TrainingMode;
using TrainerMode = FuncRec.Trainer.Training.TrainingMode;

namespace FuncRec.Trainer.Execution;

/// <summary>
/// Runs jobs on the TorchSharp <see cref="IncrementalTrainer"/>: a dataset slice (<c>diginetica:0-3</c>) reads the
/// period files, a watermark window reads the ingestion's blob segments; a job with a parent warm-starts from it.
/// </summary>
public sealed class IncrementalTrainerExecutor(IncrementalTrainer trainer, TrainingWindowOpener windows) : ITrainingExecutor
{
    /// <inheritdoc />
    public async Task<TrainingJobResult> RunAsync(TrainingJobSpec spec, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var source = await windows.OpenAsync(spec.Window, cancellationToken).ConfigureAwait(false);
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
        return new TrainingJobResult(result.Version, metrics);
    }
}
