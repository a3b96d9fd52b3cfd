namespace FuncRec.Workflow.Runner;

/// <summary>
/// Starting, inspecting and signalling workflow instances: the local runner implements it, and the Azure
/// adapter implements it over <c>DurableTaskClient</c> (one call per member).
/// </summary>
public interface IWorkflowClient
{
    /// <summary>Starts <paramref name="orchestrator"/> as <paramref name="instanceId"/> unless an instance with that id is running.</summary>
    Task<WorkflowStartResult> StartAsync(string orchestrator, string instanceId, object input, CancellationToken cancellationToken = default);

    /// <summary>The instance's status, or null when it never existed.</summary>
    Task<WorkflowInstanceStatus?> GetStatusAsync(string instanceId, bool includeHistory = false, CancellationToken cancellationToken = default);

    /// <summary>Raises an external event; it is buffered until the orchestrator waits for it.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default);
}
