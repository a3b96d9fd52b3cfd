using FuncRec.Core.Training;
using FuncRec.Core.Updates.Orchestration;
using Microsoft.Extensions.Logging;

namespace FuncRec.Core.Updates;

/// <summary>
/// The update orchestration, written once against <see cref="IOrchestrationContext"/>:
/// FreezeWindow, SubmitTrainingJob, await TrainingCompleted (durable-timer timeout, polling fallback),
/// EvaluateCandidate, PromoteCandidate or reject, AdvanceWatermark, RecordOutcome. Deterministic and
/// I/O-free: every effect is an activity. Every path ends in a recorded <see cref="UpdateOutcome"/>.
/// </summary>
public static partial class UpdateWorkflow
{
    /// <summary>Runs the workflow; returns the recorded outcome.</summary>
    public static async Task<UpdateOutcome> RunAsync(IOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<UpdateRequest>() ?? throw new InvalidOperationException("The update workflow needs an UpdateRequest input.");
        var logger = context.CreateReplaySafeLogger(typeof(UpdateWorkflow).FullName!);
        var settings = request.Settings;
        var retry = new RetryOptions(settings.ActivityMaxAttempts, settings.ActivityFirstRetry, 2.0, TimeSpan.FromMinutes(5));
        var started = context.CurrentUtcDateTime;
        var jobId = UpdateActivities.JobId(context.InstanceId, request.Sequence);
        var outcome = new UpdateOutcome
        {
            Model = request.Model,
            InstanceId = context.InstanceId,
            JobId = jobId,
            Trigger = request.Trigger,
            Mode = request.Mode,
            StartedUtc = started,
        };
        var step = UpdateActivities.FreezeWindow;
        LogStarted(logger, context.InstanceId, request.Model, request.Trigger, request.Reason);

        try
        {
            context.SetCustomStatus(new UpdateProgress(step, jobId, null));
            var window = await context.CallActivityAsync<FrozenWindow>(step, new FreezeWindowInput(request.Model, jobId, request.Mode), retry);
            outcome = outcome with { ChampionVersion = window.ChampionVersion, WindowTo = window.Window.To };
            if (window.PendingEvents <= 0 && !request.Force)
            {
                outcome = outcome with { Kind = UpdateOutcomeKind.Skipped, Detail = "nothing pending in the frozen window" };
            }
            else
            {
                step = UpdateActivities.SubmitTrainingJob;
                var job = await TrainAsync(context, request, window, jobId, retry);
                outcome = outcome with { TrainingSeconds = job.TrainingSeconds, CandidateVersion = job.ProducedVersion };
                if (job.State != TrainingJobState.Succeeded || string.IsNullOrEmpty(job.ProducedVersion))
                {
                    outcome = outcome with
                    {
                        Kind = UpdateOutcomeKind.Failed,
                        FailedStep = UpdateActivities.SubmitTrainingJob,
                        Detail = $"training job {job.JobId} ended {job.State}: {job.Error ?? "no version produced"}",
                    };
                }
                else
                {
                    step = UpdateActivities.EvaluateCandidate;
                    outcome = await GateAndPromoteAsync(context, request, window, job, outcome, retry);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Retries are exhausted by now: record the failure rather than stopping silently.
            outcome = outcome with { Kind = UpdateOutcomeKind.Failed, FailedStep = step, Detail = ex.Message };
        }

        outcome = outcome with { CompletedUtc = context.CurrentUtcDateTime };
        context.SetCustomStatus(new UpdateProgress(UpdateActivities.RecordOutcome, jobId, outcome.Kind.ToString()));
        await context.CallActivityAsync<bool>(UpdateActivities.RecordOutcome, outcome, retry);
        LogFinished(logger, context.InstanceId, outcome.Kind, outcome.Detail);
        context.SetCustomStatus(new UpdateProgress("Completed", jobId, outcome.Kind.ToString()));
        return outcome;
    }

    private static async Task<TrainingJobStatus> TrainAsync(
        IOrchestrationContext context, UpdateRequest request, FrozenWindow window, string baseJobId, RetryOptions retry)
    {
        var settings = request.Settings;
        for (var attempt = 0; ; attempt++)
        {
            var jobId = attempt == 0 ? baseJobId : UpdateActivities.JobId(context.InstanceId, request.Sequence, attempt);
            var spec = new TrainingJobSpec
            {
                JobId = jobId,
                Model = request.Model,
                ParentVersion = request.Mode == TrainingMode.Full ? null : window.ChampionVersion,
                Window = window.Window,
                Mode = request.Mode,
                HoldoutFraction = settings.HoldoutFraction,
                Hyperparameters = request.Hyperparameters,
                CallbackUrl = settings.CallbackUrl,
                Reason = request.Reason,
            };
            context.SetCustomStatus(new UpdateProgress(UpdateActivities.SubmitTrainingJob, jobId, null));
            var status = await context.CallActivityAsync<TrainingJobStatus>(UpdateActivities.SubmitTrainingJob, spec, retry);
            status = await AwaitCompletionAsync(context, settings, jobId, status, retry);
            if (status.State != TrainingJobState.FailedRetryable || attempt >= settings.MaxJobResubmissions)
            {
                return status;
            }
        }
    }

    /// <summary>
    /// Waits for the trainer's callback event, polling GET /jobs/{id} every PollInterval in case the
    /// callback is lost, and gives up at the durable deadline with a Failed status.
    /// </summary>
    private static async Task<TrainingJobStatus> AwaitCompletionAsync(
        IOrchestrationContext context, UpdateWorkflowSettings settings, string jobId, TrainingJobStatus status, RetryOptions retry)
    {
        var deadline = context.CurrentUtcDateTime + settings.TrainingTimeout;
        while (!status.IsTerminal)
        {
            context.SetCustomStatus(new UpdateProgress("AwaitTraining", jobId, $"{status.State} {status.ProgressPercent:0}%"));
            var now = context.CurrentUtcDateTime;
            if (now >= deadline)
            {
                return status with { State = TrainingJobState.Failed, Error = $"no result within {settings.TrainingTimeout}" };
            }

            var fireAt = now + settings.PollInterval < deadline ? now + settings.PollInterval : deadline;
            using var cts = new CancellationTokenSource();
            var completed = context.WaitForExternalEvent<TrainingJobStatus>(UpdateActivities.TrainingCompletedEvent, cts.Token);
            var timer = context.CreateTimer(fireAt, cts.Token);
            var winner = await Task.WhenAny(completed, timer);

            // Synchronous Cancel on purpose: CancelAsync would run the callbacks on the thread pool, outside the
            // orchestrator's replay scheduler, and resume the orchestrator from there (non-deterministic).
#pragma warning disable CA1849
            cts.Cancel();
#pragma warning restore CA1849
            if (winner == completed)
            {
                var raised = await completed;

                // A late callback of an earlier (resubmitted) job must not complete this one.
                if (string.Equals(raised.JobId, jobId, StringComparison.Ordinal))
                {
                    status = raised;
                }
            }
            else
            {
                status = await context.CallActivityAsync<TrainingJobStatus>(UpdateActivities.GetTrainingJobStatus, jobId, retry);
            }
        }

        return status;
    }

    private static async Task<UpdateOutcome> GateAndPromoteAsync(
        IOrchestrationContext context, UpdateRequest request, FrozenWindow window, TrainingJobStatus job, UpdateOutcome outcome, RetryOptions retry)
    {
        var candidate = job.ProducedVersion!;
        context.SetCustomStatus(new UpdateProgress(UpdateActivities.EvaluateCandidate, job.JobId, candidate));
        var gateStarted = context.CurrentUtcDateTime;
        var verdict = await context.CallActivityAsync<CandidateVerdict>(
            UpdateActivities.EvaluateCandidate,
            new EvaluateCandidateInput(request.Model, candidate, window.ChampionVersion, window.Window, request.Settings.HoldoutFraction),
            retry);

        // Orchestration time advances only with recorded completions, so this difference replays identically.
        outcome = outcome with { Metrics = verdict.CandidateMetrics, GateSeconds = (context.CurrentUtcDateTime - gateStarted).TotalSeconds };
        var reasons = string.Join("; ", verdict.Reasons);
        if (!verdict.Promote)
        {
            // The window stays pending: the next run retrains it together with newer data, under backoff.
            return outcome with { Kind = UpdateOutcomeKind.Rejected, Detail = reasons };
        }

        context.SetCustomStatus(new UpdateProgress(UpdateActivities.PromoteCandidate, job.JobId, candidate));
        var promotion = await context.CallActivityAsync<PromotionResult>(
            UpdateActivities.PromoteCandidate,
            new PromoteCandidateInput(request.Model, candidate, window.ChampionVersion, context.InstanceId,
                $"{request.Trigger}: {request.Reason}; gate: {reasons}", verdict.CandidateMetrics, job.JobId),
            retry);
        if (!promotion.Succeeded)
        {
            return outcome with { Kind = UpdateOutcomeKind.Superseded, Detail = promotion.Message };
        }

        context.SetCustomStatus(new UpdateProgress(UpdateActivities.AdvanceWatermark, job.JobId, candidate));
        await context.CallActivityAsync<bool>(
            UpdateActivities.AdvanceWatermark, new AdvanceWatermarkInput(request.Model, window.JobId, window.Window.To), retry);

        if (request.Settings.RetainVersions > 0)
        {
            try
            {
                await context.CallActivityAsync<int>(UpdateActivities.ApplyRetention, new ApplyRetentionInput(request.Model, request.Settings.RetainVersions), retry);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Retention is housekeeping: a failure must not turn a good promotion into a failed update.
                LogRetentionFailed(context.CreateReplaySafeLogger(typeof(UpdateWorkflow).FullName!), request.Model, ex.Message);
            }
        }

        return outcome with { Kind = UpdateOutcomeKind.Promoted, Detail = $"promoted {candidate} over {window.ChampionVersion ?? "(none)"}: {reasons}" };
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Update {InstanceId} of {Model} started by {Trigger}: {Reason}")]
    private static partial void LogStarted(ILogger logger, string instanceId, string model, UpdateTrigger trigger, string reason);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Update {InstanceId} finished {Kind}: {Detail}")]
    private static partial void LogFinished(ILogger logger, string instanceId, UpdateOutcomeKind kind, string detail);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Retention of {Model} failed: {Error}")]
    private static partial void LogRetentionFailed(ILogger logger, string model, string error);
}

/// <summary>The custom status the workflow publishes: the running step, the job and a detail.</summary>
/// <param name="Step">The step running now.</param>
/// <param name="JobId">The trainer job id.</param>
/// <param name="Detail">Progress or result.</param>
public sealed record UpdateProgress(string Step, string? JobId, string? Detail);
