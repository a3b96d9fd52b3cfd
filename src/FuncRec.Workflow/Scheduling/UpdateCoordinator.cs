using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.Runner;
using FuncRec.Workflow.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.Scheduling;

/// <summary>What the coordinator did with a decision.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Decision">The policy decision and its reason.</param>
/// <param name="InstanceId">The singleton instance id.</param>
/// <param name="Started">True when a new workflow instance started.</param>
/// <param name="Message">What happened, for callers and logs.</param>
public sealed record UpdateDispatch(string Model, UpdateDecision Decision, string InstanceId, bool Started, string Message);

/// <summary>
/// Runs the policy for a model (on the policy tick, after ingestion crosses a threshold, or on an admin
/// request) and acts on it: start the singleton <c>update-{model}</c>, coalesce into one follow-up while it
/// runs, defer under backoff/budget, or wait for new data after a rejected or failed run. Every decision is
/// logged with its reason.
/// </summary>
public sealed partial class UpdateCoordinator(
    IWorkflowClient workflows,
    UpdateStateStore state,
    IModelRegistry registry,
    IWatermarkSource watermarks,
    IOptionsMonitor<UpdatesOptions> options,
    TimeProvider time,
    ILogger<UpdateCoordinator> logger)
{
    /// <summary>Evaluates the policy for every configured model, starting a waiting follow-up first where one is due.</summary>
    public async Task<IReadOnlyList<UpdateDispatch>> TickAsync(CancellationToken cancellationToken)
    {
        var results = new List<UpdateDispatch>();
        foreach (var model in options.CurrentValue.Models)
        {
            results.Add(await EvaluateAsync(model, null, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Decides for one model (with an admin request when <paramref name="manual"/> is set) and acts.</summary>
    public async Task<UpdateDispatch> EvaluateAsync(string model, ManualUpdateRequest? manual, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? hyperparameters = null)
    {
        var opts = options.CurrentValue;
        var policy = opts.PolicyFor(model);
        var now = time.GetUtcNow();
        var instanceId = UpdateActivities.InstanceId(model);
        var instance = await workflows.GetStatusAsync(instanceId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var running = instance?.IsRunning ?? false;
        var trigger = (UpdateTrigger?)null;

        // A coalesced follow-up runs as soon as the update it waited for is over (pacing still applies).
        if (manual is null && !running && await state.HasFollowUpAsync(model).ConfigureAwait(false))
        {
            var followUp = await state.TakeFollowUpAsync(model).ConfigureAwait(false);
            if (followUp is not null)
            {
                // A policy's follow-up stays a policy decision (it waits for new data); an admin's stays manual.
                manual = new ManualUpdateRequest(followUp.RequestedBy, $"follow-up: {followUp.Reason}", followUp.Mode == TrainingMode.Full, followUp.Force,
                    PolicyFollowUp: followUp.RequestedBy == UpdateRequest.PolicyActor);
                hyperparameters = followUp.Hyperparameters;
                trigger = UpdateTrigger.FollowUp;
            }
        }

        var pending = await state.ReadPendingAsync(model, policy.DriftTopK).ConfigureAwait(false);
        var pacing = await state.ReadPacingAsync(model, now).ConfigureAwait(false);
        var current = await registry.GetCurrentAsync(model, cancellationToken).ConfigureAwait(false);
        var manifest = current is null ? null : await registry.GetManifestAsync(model, current.Version, cancellationToken).ConfigureAwait(false);
        var modelState = pacing with
        {
            CurrentVersion = current?.Version,
            CurrentCreatedUtc = manifest?.CreatedUtc,
            UpdateRunning = running,

            // Only needed to tell whether anything arrived since a rejected or failed run's window.
            IngestedWatermarks = pacing.LastUnsuccessfulWindowTo is null ? null : await watermarks.GetIngestedAsync(cancellationToken).ConfigureAwait(false),
        };

        var decision = UpdatePolicy.Decide(pending, modelState, policy, now, manual);
        if (trigger is not null && decision.Trigger is not null)
        {
            decision = decision with { Trigger = trigger };
        }

        LogDecision(logger, model, decision.Action, decision.Trigger, decision.Reason);
        switch (decision.Action)
        {
            case UpdateAction.Start:
                var request = Request(model, decision, manual, await state.NextSequenceAsync(model).ConfigureAwait(false), hyperparameters, opts);
                var start = await workflows.StartAsync(UpdateActivities.Orchestrator, instanceId, request, cancellationToken).ConfigureAwait(false);
                if (start.Started)
                {
                    return new UpdateDispatch(model, decision, instanceId, true, $"started {instanceId} run {request.Sequence}: {decision.Reason}");
                }

                // Lost a start race to another trigger: coalesce instead.
                await state.SetFollowUpAsync(model, request).ConfigureAwait(false);
                return new UpdateDispatch(model, decision with { Action = UpdateAction.Coalesce }, instanceId, false, $"{start.Message}; coalesced into a follow-up");
            case UpdateAction.Coalesce:
                await state.SetFollowUpAsync(model, Request(model, decision, manual, 0, hyperparameters, opts)).ConfigureAwait(false);
                return new UpdateDispatch(model, decision, instanceId, false, decision.Reason);
            case UpdateAction.Defer:
                if (trigger == UpdateTrigger.FollowUp)
                {
                    // Keep the follow-up for when pacing allows it.
                    await state.SetFollowUpAsync(model, Request(model, decision, manual, 0, hyperparameters, opts)).ConfigureAwait(false);
                }

                return new UpdateDispatch(model, decision, instanceId, false, decision.Reason);
            default:
                return new UpdateDispatch(model, decision, instanceId, false, decision.Reason);
        }
    }

    private static UpdateRequest Request(
        string model, UpdateDecision decision, ManualUpdateRequest? manual, long sequence, IReadOnlyDictionary<string, string>? hyperparameters, UpdatesOptions opts) => new()
        {
            Model = model,
            Sequence = sequence,
            Trigger = decision.Trigger ?? UpdateTrigger.Manual,
            Reason = decision.Reason,
            RequestedBy = manual?.RequestedBy ?? UpdateRequest.PolicyActor,
            Mode = decision.Mode,
            Force = decision.Force,
            Hyperparameters = hyperparameters ?? new Dictionary<string, string>(),
            Settings = opts.WorkflowSettings(model),
        };

    [LoggerMessage(EventId = 7500, Level = LogLevel.Information, Message = "Update policy {Model}: {Action} ({Trigger}): {Reason}")]
    private static partial void LogDecision(ILogger logger, string model, UpdateAction action, UpdateTrigger? trigger, string reason);
}
