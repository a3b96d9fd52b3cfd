using Azure;
using FuncRec.Core.Training;
using FuncRec.Trainer.Execution;
using FuncRec.Trainer.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// Runs one queued job on the device: claims it (Queued to Running under the record's ETag), runs the
/// executor with progress going to the record, and writes the terminal state. Used by the queue worker and by
/// the <c>train --spec</c> command alike.
/// </summary>
public sealed partial class TrainingJobRunner(
    BlobJobStore store,
    ITrainingExecutor executor,
    IOptions<TrainerOptions> options,
    TimeProvider time,
    ILogger<TrainingJobRunner> logger)
{
    /// <summary>Message recorded when a trainer stops, or restarts, while a job runs.</summary>
    public const string InterruptedMessage = "The trainer stopped while this job was running; post the same job again to retry it.";

    /// <summary>
    /// Runs <paramref name="jobId"/> if it is Queued. Returns the record as it ends, or null when the job is
    /// unknown or was not Queued (another runner has it, or it already finished).
    /// </summary>
    public async Task<TrainingJobRecord?> RunAsync(string jobId, CancellationToken cancellationToken)
    {
        var claimed = await store.UpdateAsync(jobId, r => r.Status.State == TrainingJobState.Queued
            ? r with { Status = r.Status with { State = TrainingJobState.Running, ProgressPercent = 0, Error = null }, StartedUtc = time.GetUtcNow() }
            : null, cancellationToken).ConfigureAwait(false);
        if (claimed is not ({ } record, true))
        {
            LogSkipped(logger, jobId, claimed?.Record.Status.State.ToString() ?? "unknown");
            return null;
        }

        var spec = record.Spec;
        var attempt = record.Attempt;
        LogStarted(logger, jobId, spec.Model, attempt);
        var progress = new JobProgressReporter(store, jobId, attempt, options.Value.ProgressStepPercent, logger);
        TrainingJobStatus final;
        try
        {
            var result = await executor.RunAsync(spec, progress, cancellationToken).ConfigureAwait(false);
            final = record.Status with
            {
                State = TrainingJobState.Succeeded,
                ProgressPercent = 100,
                ProducedVersion = result.ProducedVersion,
                Metrics = result.Metrics,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            final = Failure(record.Status, TrainingJobState.FailedRetryable, InterruptedMessage);
        }
        catch (TrainingJobException ex)
        {
            final = Failure(record.Status, ex.Retryable ? TrainingJobState.FailedRetryable : TrainingJobState.Failed, ex.Message);
        }
        catch (Exception ex) when (ex is RequestFailedException or IOException or HttpRequestException or TimeoutException)
        {
            // Storage or network trouble: transient by nature, so the workflow may retry the same job.
            final = Failure(record.Status, TrainingJobState.FailedRetryable, $"{ex.GetType().Name}: {ex.Message}");
        }
#pragma warning disable CA1031 // Anything else is a bug or bad data; the job must still end in a terminal state.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCrashed(logger, jobId, ex);
            final = Failure(record.Status, TrainingJobState.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }

        await progress.DrainAsync().ConfigureAwait(false);
        final = final with { TrainingSeconds = (time.GetUtcNow() - record.StartedUtc!.Value).TotalSeconds };

        // Written even while shutting down, and only over this attempt's Running state: a trainer that was
        // presumed dead and whose job was retried elsewhere must not overwrite the newer attempt.
        var written = await store.UpdateAsync(jobId, r => r.Status.State == TrainingJobState.Running && r.Attempt == attempt
            ? r with { Status = final }
            : null, CancellationToken.None).ConfigureAwait(false);
        if (written is not (_, true))
        {
            LogSuperseded(logger, jobId, attempt);
            return written?.Record;
        }

        LogFinished(logger, jobId, final.State.ToString(), final.ProducedVersion, final.Error);
        return written.Value.Record;
    }

    private static TrainingJobStatus Failure(TrainingJobStatus status, TrainingJobState state, string error) =>
        status with { State = state, Error = error };

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: model {Model}, attempt {Attempt}")]
    private static partial void LogStarted(ILogger logger, string jobId, string model, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} finished: {State}, version {Version}, error {Error}")]
    private static partial void LogFinished(ILogger logger, string jobId, string state, string? version, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} not run: it is {State}, not Queued")]
    private static partial void LogSkipped(ILogger logger, string jobId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} ended, but the record had moved on; its result was not written")]
    private static partial void LogSuperseded(ILogger logger, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed with an unexpected error")]
    private static partial void LogCrashed(ILogger logger, string jobId, Exception exception);
}
