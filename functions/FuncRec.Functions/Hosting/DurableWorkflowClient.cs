using FuncRec.Workflow.Runner;
using Microsoft.DurableTask.Client;

namespace FuncRec.Functions.Hosting;

/// <summary>
/// <see cref="IWorkflowClient"/> over Durable Functions' <see cref="DurableTaskClient"/>, one call per member.
/// </summary>
/// <remarks>
/// The isolated worker hands out a <see cref="DurableTaskClient"/> only through the per-invocation
/// <c>[DurableClient]</c> input binding (its gRPC endpoint comes with the binding data), never from DI. The core
/// <c>UpdateCoordinator</c> and <c>UpdateAdminHandlers</c> are DI singletons that take an <see cref="IWorkflowClient"/>,
/// so this singleton carries the bound client in an <see cref="AsyncLocal{T}"/>: a function calls
/// <c>using var bound = DurableWorkflowClient.Bind(client);</c> and then the core handler, whose calls run in the same async flow.
/// </remarks>
public sealed class DurableWorkflowClient : IWorkflowClient
{
    private static readonly AsyncLocal<DurableTaskClient?> s_client = new();

    /// <summary>Makes <paramref name="client"/> the one this flow's core calls use, until the returned scope is disposed.</summary>
    public static IDisposable Bind(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var previous = s_client.Value;
        s_client.Value = client;
        return new Scope(previous);
    }

    /// <inheritdoc />
    public async Task<WorkflowStartResult> StartAsync(string orchestrator, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        var existing = await Client.GetInstanceAsync(instanceId, false, cancellationToken).ConfigureAwait(false);
        if (existing is not null && IsRunning(existing.RuntimeStatus))
        {
            return new WorkflowStartResult(false, instanceId, $"instance '{instanceId}' is already {existing.RuntimeStatus}");
        }

        await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(InstanceId: instanceId), cancellationToken).ConfigureAwait(false);
        return new WorkflowStartResult(true, instanceId, "started");
    }

    /// <inheritdoc />
    public async Task<WorkflowInstanceStatus?> GetStatusAsync(string instanceId, bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        var m = await Client.GetInstanceAsync(instanceId, true, cancellationToken).ConfigureAwait(false);
        return m is null
            ? null
            : new WorkflowInstanceStatus(
                m.InstanceId, m.Name, Map(m.RuntimeStatus), m.CreatedAt.UtcDateTime, m.LastUpdatedAt.UtcDateTime,
                m.SerializedInput, m.SerializedOutput, m.SerializedCustomStatus, m.FailureDetails?.ErrorMessage, null);
    }

    /// <inheritdoc />
    public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default) =>
        Client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    private static DurableTaskClient Client => s_client.Value
        ?? throw new InvalidOperationException("No DurableTaskClient is bound: the function must take [DurableClient] DurableTaskClient and call DurableWorkflowClient.Bind before the core handler.");

    private static bool IsRunning(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;

    // Terminated (and the obsolete Canceled) count as Failed: the run did not complete.
    private static WorkflowRuntimeStatus Map(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => WorkflowRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended => WorkflowRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed => WorkflowRuntimeStatus.Completed,
        _ => WorkflowRuntimeStatus.Failed,
    };

    private sealed class Scope(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => s_client.Value = previous;
    }
}
