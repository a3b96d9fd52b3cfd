using FuncRec.Core.Training;
using FuncRec.Trainer.Callbacks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// The device's single consumer: on start it recovers what a previous trainer left (Running jobs become
/// FailedRetryable, Queued jobs are queued again), then runs queued jobs one at a time and hands each
/// outcome to the callback dispatcher.
/// </summary>
public sealed partial class TrainingJobWorker(
    BlobJobStore store,
    JobQueue queue,
    TrainingJobRunner runner,
    CallbackDispatcher callbacks,
    ILogger<TrainingJobWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens (hosted services start before Kestrel), so no status read sees a stale Running.
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks jobs left Running as FailedRetryable and re-queues jobs left Queued.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await foreach (var record in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = record.Spec.JobId;
            if (record.Status.State == TrainingJobState.Queued)
            {
                queue.Enqueue(id);
                LogRequeued(logger, id);
            }
            else if (record.Status.State == TrainingJobState.Running)
            {
                var attempt = record.Attempt;
                var updated = await store.UpdateAsync(id, r => r.Status.State == TrainingJobState.Running && r.Attempt == attempt
                    ? r with { Status = r.Status with { State = TrainingJobState.FailedRetryable, Error = TrainingJobRunner.InterruptedMessage } }
                    : null, cancellationToken).ConfigureAwait(false);
                if (updated is ({ } marked, true))
                {
                    LogInterrupted(logger, id, attempt);
                    callbacks.Enqueue(marked);
                }
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var jobId in queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var record = await runner.RunAsync(jobId, stoppingToken).ConfigureAwait(false);
                if (record is not null && record.Status.IsTerminal)
                {
                    callbacks.Enqueue(record);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The record could not be claimed or finished (storage down): the job stays as stored, a restart
                // recovers it, and the next queued job still gets the device.
                LogRunFailed(logger, jobId, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} was Running when this trainer started; marked FailedRetryable")]
    private static partial void LogInterrupted(ILogger logger, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} could not be run")]
    private static partial void LogRunFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} was Queued when this trainer started; queued again")]
    private static partial void LogRequeued(ILogger logger, string jobId);
}
