using System.Text.Json;
using System.Text.Json.Serialization;

namespace FuncRec.Workflow.Runner;

/// <summary>Kinds of history event the local runner records.</summary>
public enum HistoryEventType
{
    /// <summary>The instance started; its timestamp is the first CurrentUtcDateTime.</summary>
    ExecutionStarted,

    /// <summary>An activity was scheduled (informational; used to check determinism).</summary>
    ActivityScheduled,

    /// <summary>An activity returned; <see cref="HistoryEvent.Data"/> is its JSON result.</summary>
    ActivityCompleted,

    /// <summary>An activity failed after its retries.</summary>
    ActivityFailed,

    /// <summary>A durable timer was created, firing at <see cref="HistoryEvent.FireAt"/>.</summary>
    TimerCreated,

    /// <summary>A durable timer fired.</summary>
    TimerFired,

    /// <summary>An external event was delivered; <see cref="HistoryEvent.Data"/> is its JSON payload.</summary>
    EventRaised,

    /// <summary>The orchestrator returned; <see cref="HistoryEvent.Data"/> is its output.</summary>
    ExecutionCompleted,

    /// <summary>The orchestrator threw.</summary>
    ExecutionFailed,
}

/// <summary>One entry of an instance's append-only history.</summary>
/// <param name="Sequence">Position in the history, from 0.</param>
/// <param name="Type">What happened.</param>
/// <param name="TimestampUtc">When it was recorded; the orchestrator's clock advances to it on delivery.</param>
/// <param name="TaskId">The activity or timer id (the order in which the orchestrator scheduled it).</param>
/// <param name="Name">Activity, event or orchestrator name.</param>
/// <param name="Data">JSON input, result or payload.</param>
/// <param name="FireAt">A timer's fire time.</param>
/// <param name="Error">A failure message.</param>
public sealed record HistoryEvent(
    long Sequence,
    HistoryEventType Type,
    DateTime TimestampUtc,
    int? TaskId = null,
    string? Name = null,
    string? Data = null,
    DateTime? FireAt = null,
    string? Error = null);

/// <summary>Lifecycle of a local workflow instance.</summary>
public enum WorkflowRuntimeStatus
{
    /// <summary>Started, not yet picked up by a runner.</summary>
    Pending,

    /// <summary>A runner drives it (or drove it before a crash; the next runner resumes it).</summary>
    Running,

    /// <summary>The orchestrator returned.</summary>
    Completed,

    /// <summary>The orchestrator threw (including nondeterminism).</summary>
    Failed,
}

/// <summary>What the runner reports about an instance.</summary>
/// <param name="InstanceId">Instance id.</param>
/// <param name="Name">Orchestrator name.</param>
/// <param name="RuntimeStatus">Lifecycle state.</param>
/// <param name="CreatedUtc">Start time.</param>
/// <param name="LastUpdatedUtc">Last change.</param>
/// <param name="Input">JSON input.</param>
/// <param name="Output">JSON output when completed.</param>
/// <param name="CustomStatus">JSON custom status (the running step).</param>
/// <param name="Error">Failure message.</param>
/// <param name="History">The history, when asked for.</param>
public sealed record WorkflowInstanceStatus(
    string InstanceId,
    string Name,
    WorkflowRuntimeStatus RuntimeStatus,
    DateTime CreatedUtc,
    DateTime LastUpdatedUtc,
    string? Input,
    string? Output,
    string? CustomStatus,
    string? Error,
    IReadOnlyList<HistoryEvent>? History)
{
    /// <summary>Pending or Running.</summary>
    [JsonIgnore]
    public bool IsRunning => RuntimeStatus is WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running;
}

/// <summary>Result of a singleton start.</summary>
/// <param name="Started">True when a new instance was created.</param>
/// <param name="InstanceId">The instance id.</param>
/// <param name="Message">Why not, when not.</param>
public sealed record WorkflowStartResult(bool Started, string InstanceId, string Message);

/// <summary>Source-generated JSON of runner records.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(WorkflowInstanceStatus))]
internal sealed partial class RunnerJsonContext : JsonSerializerContext;
