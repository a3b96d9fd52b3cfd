using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Workflow.Evaluation;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.State;
using FuncRec.Workflow.Telemetry;
using FuncRec.Workflow.Trainer;
using Microsoft.Extensions.Logging;

namespace FuncRec.Workflow.Activities;

/// <summary>
/// The update workflow's activities, each idempotent: the Durable activity functions and the local runner
/// both call these methods. Names are in <see cref="UpdateActivities"/>.
/// </summary>
public sealed partial class UpdateActivityHandlers(
    UpdateStateStore state,
    IWatermarkSource watermarks,
    IModelRegistry registry,
    ITrainerClient trainer,
    CandidateGate gate,
    TimeProvider time,
    ILogger<UpdateActivityHandlers> logger,
    UpdateMetrics? metrics = null)
{
    private readonly UpdateMetrics _metrics = metrics ?? new UpdateMetrics();

    /// <summary>FreezeWindow: from = consumed watermarks (or the champion's window end), to = ingested now; snapshot the counters.</summary>
    public async Task<FrozenWindow> FreezeWindowAsync(FreezeWindowInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var champion = (await registry.GetCurrentAsync(input.Model, cancellationToken).ConfigureAwait(false))?.Version;
        IReadOnlyDictionary<string, long> from = new Dictionary<string, long>();
        if (input.Mode == TrainingMode.Incremental)
        {
            from = await state.GetConsumedAsync(input.Model).ConfigureAwait(false);
            if (from.Count == 0 && champion is not null)
            {
                from = (await registry.GetManifestAsync(input.Model, champion, cancellationToken).ConfigureAwait(false))?.Window.To ?? from;
            }
        }

        // Watermarks first, then the counters: the counters may then include a few events past 'to', which the
        // advance subtracts without training; the data itself is exact by watermark, the counters only drive policy.
        var to = await watermarks.GetIngestedAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await state.FreezeAsync(input.Model, input.JobId, time.GetUtcNow()).ConfigureAwait(false);
        var window = new FrozenWindow(
            input.JobId,
            champion,
            new DataWindow { From = from, To = to },
            snapshot.GetValueOrDefault("events"),
            snapshot.GetValueOrDefault("new_items"));
        LogFrozen(logger, input.Model, input.JobId, window.PendingEvents, champion);
        return window;
    }

    /// <summary>SubmitTrainingJob: POST /jobs, idempotent by job id.</summary>
    public Task<TrainingJobStatus> SubmitTrainingJobAsync(TrainingJobSpec spec, CancellationToken cancellationToken) =>
        trainer.SubmitAsync(spec, cancellationToken);

    /// <summary>GetTrainingJobStatus: GET /jobs/{id}; a job the trainer lost (restart) is reported retryable.</summary>
    public async Task<TrainingJobStatus> GetTrainingJobStatusAsync(string jobId, CancellationToken cancellationToken) =>
        await trainer.GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false)
        ?? new TrainingJobStatus { JobId = jobId, State = TrainingJobState.FailedRetryable, Error = "the trainer does not know the job" };

    /// <summary>EvaluateCandidate: evaluation on the held-out slice, sanity checks and the gate.</summary>
    public async Task<CandidateVerdict> EvaluateCandidateAsync(EvaluateCandidateInput input, CancellationToken cancellationToken)
    {
        var verdict = await gate.EvaluateAsync(input, cancellationToken).ConfigureAwait(false);
        LogVerdict(logger, input.Model, input.CandidateVersion, verdict.Promote, string.Join("; ", verdict.Reasons));
        return verdict;
    }

    /// <summary>PromoteCandidate: compare-and-swap on CURRENT and a promotion-log entry, idempotent by operation id.</summary>
    public Task<PromotionResult> PromoteCandidateAsync(PromoteCandidateInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return registry.PromoteAsync(
            new PromotionRequest(input.Model, input.CandidateVersion, input.ExpectedCurrent, input.Actor, input.Reason, input.Metrics, input.OperationId),
            cancellationToken);
    }

    /// <summary>AdvanceWatermark: subtract the frozen snapshot from the pending counters once, record consumed watermarks.</summary>
    public async Task<bool> AdvanceWatermarkAsync(AdvanceWatermarkInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await state.AdvanceAsync(input.Model, input.JobId, input.To).ConfigureAwait(false);
        return true;
    }

    /// <summary>ApplyRetention: nothing else trains while this singleton runs, so only CURRENT and its parent are protected.</summary>
    public async Task<int> ApplyRetentionAsync(ApplyRetentionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var deleted = await registry.ApplyRetentionAsync(input.Model, input.Keep, [], cancellationToken).ConfigureAwait(false);
        return deleted.Count;
    }

    /// <summary>RecordOutcome: outcome log, pacing state and, for a rejection, a promotion-log entry; once per job.</summary>
    public async Task<bool> RecordOutcomeAsync(UpdateOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind == UpdateOutcomeKind.Rejected && outcome.CandidateVersion is not null)
        {
            await registry.AppendLogAsync(
                new PromotionLogEntry(time.GetUtcNow(), outcome.Model, "reject", outcome.CandidateVersion, outcome.ChampionVersion,
                    outcome.InstanceId, outcome.Detail, outcome.Metrics, outcome.JobId ?? outcome.InstanceId),
                cancellationToken).ConfigureAwait(false);
        }

        // Counted only by the call that recorded it, so a retried activity does not count an update twice.
        if (await state.RecordOutcomeAsync(outcome, outcome.Mode == TrainingMode.Full).ConfigureAwait(false))
        {
            _metrics.Outcome(outcome);
        }

        LogOutcome(logger, outcome.Model, outcome.InstanceId, outcome.Kind, outcome.Detail);
        return true;
    }

    [LoggerMessage(EventId = 7400, Level = LogLevel.Information, Message = "FreezeWindow {Model} job {JobId}: {Events} pending events, champion {Champion}")]
    private static partial void LogFrozen(ILogger logger, string model, string jobId, long events, string? champion);

    [LoggerMessage(EventId = 7401, Level = LogLevel.Information, Message = "Gate {Model} candidate {Candidate}: promote={Promote} ({Reasons})")]
    private static partial void LogVerdict(ILogger logger, string model, string candidate, bool promote, string reasons);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Information, Message = "Update outcome {Model} {InstanceId}: {Kind} ({Detail})")]
    private static partial void LogOutcome(ILogger logger, string model, string instanceId, UpdateOutcomeKind kind, string detail);
}
