using FuncRec.Core.Checkpoints;
using FuncRec.Core.Sessions;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Ingestion.Blob;
using FuncRec.Trainer.Execution;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Data;

/// <summary>
/// Opens the sessions of a job's data window: a dataset slice (<c>diginetica:0-3</c>) reads the period files,
/// watermarks read the ingestion's blob segments. The executor and the candidate evaluator share it, so the
/// gate evaluates exactly the sessions the trainer held out.
/// </summary>
public sealed class TrainingWindowOpener(SegmentWindowSource segments, IOptions<TrainingDataOptions> data, IOptions<KafkaOptions> kafka)
{
    /// <summary>The window's sessions, oldest first.</summary>
    /// <exception cref="TrainingJobException">The window names no data, or a slice that cannot be read.</exception>
    public async Task<ISessionSource> OpenAsync(DataWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.DatasetSlice is { } text)
        {
            if (!DatasetSlice.TryParse(text, out var slice, out var error))
            {
                throw new TrainingJobException(error, retryable: false);
            }

            var root = data.Value.ResolveDigineticaDirectory();
            return new DigineticaPeriodSource(Path.Combine(root, "ader_periods"), slice.FirstPeriod, slice.LastPeriod, DigineticaCategories.TryLoad(root));
        }

        if (window.To.Count == 0)
        {
            throw new TrainingJobException("The job names neither a dataset slice nor watermarks to train on.", retryable: false);
        }

        return await segments.LoadAsync(window, kafka.Value.CatalogTopic, cancellationToken).ConfigureAwait(false);
    }
}
