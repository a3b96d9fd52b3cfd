using FuncRec.Core.Training;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;
using CoreMode = FuncRec.Core.Training.TrainingMode;
using TrainerMode = FuncRec.Trainer.Training.TrainingMode;

namespace FuncRec.Trainer.Execution;

/// <summary>
/// Runs jobs on the TorchSharp <see cref="IncrementalTrainer"/>: a dataset slice (<c>diginetica:0-3</c>) reads the
/// period files, a watermark window reads the ingestion's blob segments; a job with a parent warm-starts from it.
/// </summary>
public sealed class IncrementalTrainerExecutor(
    IncrementalTrainer trainer,
    SegmentWindowSource segments,
    IOptions<TrainingDataOptions> data,
    IOptions<KafkaOptions> kafka) : ITrainingExecutor
{
    /// <inheritdoc />
    public async Task<TrainingJobResult> RunAsync(TrainingJobSpec spec, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var source = await OpenAsync(spec, cancellationToken).ConfigureAwait(false);
        var request = new TrainingRequest
        {
            Model = spec.Model,
            ParentVersion = spec.ParentVersion,
            // Without a parent there is nothing to warm-start from: the job trains from scratch.
            Mode = spec.Mode == CoreMode.Full || spec.ParentVersion is null ? TrainerMode.Full : TrainerMode.Incremental,
            Data = source,
            Window = spec.Window,
            Hyperparameters = spec.Hyperparameters,
        };
        var result = await trainer.TrainAsync(request, progress, cancellationToken).ConfigureAwait(false);
        var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal)
        {
            ["examples"] = result.ExamplesProcessed,
            ["train_seconds"] = result.TrainSeconds,
        };
        return new TrainingJobResult(result.Version, metrics);
    }

    private async Task<ISessionSource> OpenAsync(TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Window.DatasetSlice is { } text)
        {
            if (!DatasetSlice.TryParse(text, out var slice, out var error))
            {
                throw new TrainingJobException(error, retryable: false);
            }

            var root = data.Value.ResolveDigineticaDirectory();
            return new DigineticaPeriodSource(Path.Combine(root, "ader_periods"), slice.FirstPeriod, slice.LastPeriod, DigineticaCategories.TryLoad(root));
        }

        if (spec.Window.To.Count == 0)
        {
            throw new TrainingJobException("The job names neither a dataset slice nor watermarks to train on.", retryable: false);
        }

        return await segments.LoadAsync(spec.Window, kafka.Value.CatalogTopic, cancellationToken).ConfigureAwait(false);
    }
}
