using FuncRec.Core.Training;
using Microsoft.Extensions.Logging;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// Receives an executor's progress (0..1) synchronously and persists it to the job record whenever it has grown
/// by the configured step. At most one write is in flight; reports arriving meanwhile are coalesced into the
/// next write, so a fast training loop never waits on blob storage.
/// </summary>
internal sealed partial class JobProgressReporter(BlobJobStore store, string jobId, int attempt, double stepPercent, ILogger logger) : IProgress<double>
{
    private readonly Lock _lock = new();
    private double _latest;
    private double _persisted;
    private Task? _flushing;

    /// <inheritdoc />
    public void Report(double value)
    {
        lock (_lock)
        {
            _latest = Math.Max(_latest, Math.Clamp(value * 100, 0, 100));
            if (_flushing is null && _latest - _persisted >= stepPercent)
            {
                _flushing = Task.Run(FlushAsync);
            }
        }
    }

    /// <summary>Waits for the write in flight, if any; the final state write follows it.</summary>
    public async Task DrainAsync()
    {
        Task? pending;
        lock (_lock)
        {
            pending = _flushing;
        }

        if (pending is not null)
        {
            await pending.ConfigureAwait(false);
        }
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            double target;
            lock (_lock)
            {
                target = _latest;
                if (target - _persisted < stepPercent)
                {
                    _flushing = null;
                    return;
                }
            }

            try
            {
                var rounded = Math.Round(target, 1);
                await store.UpdateAsync(jobId, r => r.Status.State == TrainingJobState.Running && r.Attempt == attempt
                    ? r with { Status = r.Status with { ProgressPercent = rounded } }
                    : null, CancellationToken.None).ConfigureAwait(false);
                LogProgress(logger, jobId, rounded);
            }
#pragma warning disable CA1031 // Progress is advisory: a failed write must not fail the training run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogProgressWriteFailed(logger, jobId, ex);
            }

            lock (_lock)
            {
                _persisted = target;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} progress {Percent:F1}%")]
    private static partial void LogProgress(ILogger logger, string jobId, double percent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: could not persist progress")]
    private static partial void LogProgressWriteFailed(ILogger logger, string jobId, Exception exception);
}
