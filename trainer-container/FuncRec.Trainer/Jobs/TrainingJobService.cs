using System.Text.Json;
using System.Text.Json.Nodes;
using FuncRec.Core.Training;
using Microsoft.Extensions.Logging;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// Accepts jobs idempotently by job id and reads their status. The record is created in the store before the
/// id is queued, so an accepted job survives a restart even if it never reached the device.
/// </summary>
public sealed partial class TrainingJobService(BlobJobStore store, JobQueue queue, TimeProvider time, ILogger<TrainingJobService> logger)
{
    /// <summary>
    /// Queues <paramref name="spec"/> unless its job id exists: the same spec returns the existing status (and
    /// re-queues a FailedRetryable job), a different spec is a conflict.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var record = TrainingJobRecord.New(spec, time.GetUtcNow());
        if (await store.TryCreateAsync(record, cancellationToken).ConfigureAwait(false))
        {
            queue.Enqueue(spec.JobId);
            LogAccepted(logger, spec.JobId, spec.Model, spec.Mode.ToString(), spec.Reason);
            return new SubmitResult(SubmitOutcome.Accepted, record.Status);
        }

        var updated = await store.UpdateAsync(spec.JobId, existing =>
            existing.Status.State == TrainingJobState.FailedRetryable && SameSpec(existing.Spec, spec)
                ? existing.Requeued()
                : null, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Job '{spec.JobId}' exists but could not be read.");

        if (!SameSpec(updated.Record.Spec, spec))
        {
            return new SubmitResult(SubmitOutcome.Conflict, updated.Record.Status);
        }

        if (updated.Changed)
        {
            queue.Enqueue(spec.JobId);
            LogRetried(logger, spec.JobId, updated.Record.Attempt);
            return new SubmitResult(SubmitOutcome.Retried, updated.Record.Status);
        }

        return new SubmitResult(SubmitOutcome.Existing, updated.Record.Status);
    }

    /// <summary>The job's status, or null when the id is unknown.</summary>
    public async Task<TrainingJobStatus?> GetStatusAsync(string jobId, CancellationToken cancellationToken) =>
        (await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false))?.Record.Status;

    /// <summary>True when two specs are the same request (field by field, dictionaries in any order).</summary>
    public static bool SameSpec(TrainingJobSpec a, TrainingJobSpec b) =>
        JsonNode.DeepEquals(
            JsonSerializer.SerializeToNode(a, TrainingJsonContext.Default.TrainingJobSpec),
            JsonSerializer.SerializeToNode(b, TrainingJsonContext.Default.TrainingJobSpec));

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} accepted: model {Model}, mode {Mode}, reason {Reason}")]
    private static partial void LogAccepted(ILogger logger, string jobId, string model, string mode, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} re-queued after a retryable failure (attempt {Attempt})")]
    private static partial void LogRetried(ILogger logger, string jobId, int attempt);
}
