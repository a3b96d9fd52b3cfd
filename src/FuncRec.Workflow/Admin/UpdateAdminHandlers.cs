using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.Runner;
using FuncRec.Workflow.Scheduling;
using FuncRec.Workflow.State;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.Admin;

/// <summary>
/// The admin operations behind the HTTP functions and the local host's Kestrel routes (see <see cref="AdminRoutes"/>):
/// trigger an update, read status, roll back, list versions, and accept the trainer's completion callback.
/// Bad input gives 400 with a sentence saying what is wrong; unknown models 404.
/// </summary>
public sealed class UpdateAdminHandlers(
    UpdateCoordinator coordinator,
    IWorkflowClient workflows,
    UpdateStateStore state,
    IWatermarkSource watermarks,
    IModelRegistry registry,
    IOptionsMonitor<UpdatesOptions> options,
    TimeProvider time)
{
    /// <summary>POST admin/models/{model}/update: 202 started or coalesced, 429 deferred by pacing, 400/404 bad input.</summary>
    public async Task<AdminResult<UpdateDispatch>> TriggerUpdateAsync(string model, TriggerUpdateCommand? command, CancellationToken cancellationToken)
    {
        if (CheckModel<UpdateDispatch>(model) is { } bad)
        {
            return bad;
        }

        if (command is null || string.IsNullOrWhiteSpace(command.RequestedBy) || string.IsNullOrWhiteSpace(command.Reason))
        {
            return new(400, null, "send a JSON body with 'requestedBy' and 'reason' (optional: 'full', 'force', 'hyperparameters')");
        }

        var dispatch = await coordinator.EvaluateAsync(
            model, new ManualUpdateRequest(command.RequestedBy.Trim(), command.Reason.Trim(), command.Full, command.Force), cancellationToken,
            command.Hyperparameters).ConfigureAwait(false);
        return dispatch.Decision.Action switch
        {
            UpdateAction.Start or UpdateAction.Coalesce => new(202, dispatch, dispatch.Message),
            UpdateAction.Defer => new(429, dispatch, dispatch.Message + " (set 'force': true to override)"),
            _ => new(200, dispatch, dispatch.Message),
        };
    }

    /// <summary>GET admin/models/{model}/status.</summary>
    public async Task<AdminResult<ModelUpdateStatus>> GetStatusAsync(string model, CancellationToken cancellationToken)
    {
        if (CheckModel<ModelUpdateStatus>(model) is { } bad)
        {
            return bad;
        }

        var policy = options.CurrentValue.PolicyFor(model);
        var now = time.GetUtcNow();
        var pending = await state.ReadPendingAsync(model, policy.DriftTopK).ConfigureAwait(false);
        var instance = await workflows.GetStatusAsync(UpdateActivities.InstanceId(model), cancellationToken: cancellationToken).ConfigureAwait(false);
        var current = await registry.GetCurrentAsync(model, cancellationToken).ConfigureAwait(false);
        var manifest = current is null ? null : await registry.GetManifestAsync(model, current.Version, cancellationToken).ConfigureAwait(false);
        var pacing = (await state.ReadPacingAsync(model, now).ConfigureAwait(false)) with
        {
            CurrentVersion = current?.Version,
            CurrentCreatedUtc = manifest?.CreatedUtc,
            UpdateRunning = instance?.IsRunning ?? false,
        };
        var status = new ModelUpdateStatus(
            model,
            current?.Version,
            new PendingCounts(pending.Events, pending.NewItems, pending.NewUsers, pending.CatalogChanges),
            await state.GetConsumedAsync(model).ConfigureAwait(false),
            await watermarks.GetIngestedAsync(cancellationToken).ConfigureAwait(false),
            instance,
            await state.HasFollowUpAsync(model).ConfigureAwait(false),
            pacing,
            await state.GetOutcomesAsync(model).ConfigureAwait(false),
            UpdatePolicy.Decide(pending, pacing, policy, now));
        return new(200, status, instance?.IsRunning == true ? $"update {instance.InstanceId} is running" : "no update running");
    }

    /// <summary>POST admin/models/{model}/rollback: 200 rolled back, 404 no such version, 409 CURRENT changed meanwhile.</summary>
    public async Task<AdminResult<PromotionResult>> RollbackAsync(string model, RollbackCommand? command, CancellationToken cancellationToken)
    {
        if (CheckModel<PromotionResult>(model) is { } bad)
        {
            return bad;
        }

        if (command is null || string.IsNullOrWhiteSpace(command.RequestedBy) || string.IsNullOrWhiteSpace(command.Reason))
        {
            return new(400, null, "send a JSON body with 'requestedBy' and 'reason' (optional: 'toVersion')");
        }

        if (command.ToVersion is not null && !CheckpointLayout.IsValidName(command.ToVersion))
        {
            return new(400, null, $"'{command.ToVersion}' is not a valid version name");
        }

        var result = await registry.RollbackAsync(model, command.ToVersion, command.RequestedBy.Trim(), command.Reason.Trim(), cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            PromotionStatus.Promoted or PromotionStatus.AlreadyCurrent => new(200, result, result.Message),
            PromotionStatus.NotFound => new(404, result, result.Message),
            _ => new(409, result, result.Message),
        };
    }

    /// <summary>GET admin/models/{model}/versions.</summary>
    public async Task<AdminResult<ModelVersionList>> ListVersionsAsync(string model, CancellationToken cancellationToken)
    {
        if (CheckModel<ModelVersionList>(model) is { } bad)
        {
            return bad;
        }

        var versions = await registry.ListVersionsAsync(model, cancellationToken).ConfigureAwait(false);
        var current = await registry.GetCurrentAsync(model, cancellationToken).ConfigureAwait(false);
        return new(200, new ModelVersionList(model, current?.Version, versions), $"{versions.Count} version(s)");
    }

    /// <summary>POST admin/models/{model}/training-callback: raises TrainingCompleted on the running update (202), 404 when none runs.</summary>
    public async Task<AdminResult<string>> TrainingCallbackAsync(string model, TrainingJobStatus? status, CancellationToken cancellationToken)
    {
        if (CheckModel<string>(model) is { } bad)
        {
            return bad;
        }

        if (status is null || string.IsNullOrWhiteSpace(status.JobId))
        {
            return new(400, null, "send the job's status JSON with 'jobId' and 'state'");
        }

        var instanceId = UpdateActivities.InstanceId(model);
        var instance = await workflows.GetStatusAsync(instanceId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (instance is not { IsRunning: true })
        {
            return new(404, null, $"no update of '{model}' is running; the callback for {status.JobId} was ignored");
        }

        await workflows.RaiseEventAsync(instanceId, UpdateActivities.TrainingCompletedEvent, status, cancellationToken).ConfigureAwait(false);
        return new(202, status.JobId, $"delivered {status.State} of {status.JobId} to {instanceId}");
    }

    private AdminResult<T>? CheckModel<T>(string model)
    {
        if (!CheckpointLayout.IsValidName(model))
        {
            return new(400, default, $"'{model}' is not a valid model name: use 1-64 letters, digits, '-', '_' or '.'");
        }

        return options.CurrentValue.Models.Contains(model, StringComparer.Ordinal)
            ? null
            : new(404, default, $"model '{model}' is not configured (Updates:Models lists {string.Join(", ", options.CurrentValue.Models)})");
    }
}

/// <summary>Routes shared by the Functions app and the local host.</summary>
public static class AdminRoutes
{
    /// <summary>POST: trigger an update.</summary>
    public const string Update = "admin/models/{model}/update";

    /// <summary>GET: status.</summary>
    public const string Status = "admin/models/{model}/status";

    /// <summary>POST: roll back.</summary>
    public const string Rollback = "admin/models/{model}/rollback";

    /// <summary>GET: versions.</summary>
    public const string Versions = "admin/models/{model}/versions";

    /// <summary>POST: the trainer's completion callback.</summary>
    public const string TrainingCallback = "admin/models/{model}/training-callback";
}
