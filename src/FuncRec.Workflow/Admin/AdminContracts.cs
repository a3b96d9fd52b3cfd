using System.Text.Json;
using System.Text.Json.Serialization;
using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.Runner;
using FuncRec.Workflow.Scheduling;

namespace FuncRec.Workflow.Admin;

/// <summary>A handler result an HTTP adapter maps one to one: status code, body, message.</summary>
/// <typeparam name="T">The body type.</typeparam>
/// <param name="StatusCode">HTTP status code (200, 202, 400, 404, 409, 429).</param>
/// <param name="Value">The body on success.</param>
/// <param name="Message">A sentence for the caller, always set.</param>
public sealed record AdminResult<T>(int StatusCode, T? Value, string Message)
{
    /// <summary>True for 2xx.</summary>
    [JsonIgnore]
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>Body of <c>POST admin/models/{model}/update</c>.</summary>
/// <param name="RequestedBy">Who asks (required).</param>
/// <param name="Reason">Why (required).</param>
/// <param name="Full">Full retrain instead of incremental.</param>
/// <param name="Force">Ignore backoff, budget and an empty window.</param>
/// <param name="Hyperparameters">Overrides for the trainer.</param>
public sealed record TriggerUpdateCommand(string? RequestedBy, string? Reason, bool Full = false, bool Force = false, Dictionary<string, string>? Hyperparameters = null);

/// <summary>Body of <c>POST admin/models/{model}/rollback</c>.</summary>
/// <param name="ToVersion">The version to serve; null for the previous one.</param>
/// <param name="RequestedBy">Who asks (required).</param>
/// <param name="Reason">Why (required).</param>
public sealed record RollbackCommand(string? ToVersion, string? RequestedBy, string? Reason);

/// <summary>Pending counters of a model.</summary>
/// <param name="Events">Pending events.</param>
/// <param name="NewItems">New items.</param>
/// <param name="NewUsers">New users.</param>
/// <param name="CatalogChanges">Catalog changes.</param>
public sealed record PendingCounts(long Events, long NewItems, long NewUsers, long CatalogChanges);

/// <summary>Everything an operator wants to know about a model's updates.</summary>
/// <param name="Model">Model name.</param>
/// <param name="CurrentVersion">What CURRENT names.</param>
/// <param name="Pending">Pending counters.</param>
/// <param name="ConsumedWatermarks">Watermarks the serving version consumed.</param>
/// <param name="IngestedWatermarks">Watermarks ingested so far.</param>
/// <param name="Instance">The update instance (running or last), without history.</param>
/// <param name="FollowUpPending">A coalesced follow-up waits.</param>
/// <param name="Pacing">Failures, backoff and budget state.</param>
/// <param name="LastOutcomes">Recent outcomes, newest first.</param>
/// <param name="Policy">What the policy would decide now.</param>
public sealed record ModelUpdateStatus(
    string Model,
    string? CurrentVersion,
    PendingCounts Pending,
    IReadOnlyDictionary<string, long> ConsumedWatermarks,
    IReadOnlyDictionary<string, long> IngestedWatermarks,
    WorkflowInstanceStatus? Instance,
    bool FollowUpPending,
    ModelUpdateState Pacing,
    IReadOnlyList<UpdateOutcome> LastOutcomes,
    UpdateDecision Policy);

/// <summary>The versions of a model.</summary>
/// <param name="Model">Model name.</param>
/// <param name="CurrentVersion">What CURRENT names.</param>
/// <param name="Versions">Every version, oldest first.</param>
public sealed record ModelVersionList(string Model, string? CurrentVersion, IReadOnlyList<ModelVersionInfo> Versions);

/// <summary>Source-generated JSON for the admin endpoints' bodies.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TriggerUpdateCommand))]
[JsonSerializable(typeof(RollbackCommand))]
[JsonSerializable(typeof(TrainingJobStatus))]
[JsonSerializable(typeof(AdminResult<UpdateDispatch>))]
[JsonSerializable(typeof(AdminResult<ModelUpdateStatus>))]
[JsonSerializable(typeof(AdminResult<PromotionResult>))]
[JsonSerializable(typeof(AdminResult<ModelVersionList>))]
[JsonSerializable(typeof(AdminResult<string>))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
