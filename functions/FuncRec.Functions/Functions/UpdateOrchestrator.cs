using FuncRec.Core.Updates;
using FuncRec.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FuncRec.Functions.Functions;

/// <summary>
/// The update orchestration (<see cref="UpdateActivities.Orchestrator"/>, the name the coordinator starts): the core
/// <see cref="UpdateWorkflow"/> over <see cref="DurableOrchestrationContext"/>. Deterministic by construction: everything
/// it does goes through the context; no cancellation token, no other bindings, no injected services.
/// </summary>
public static class UpdateOrchestrator
{
    /// <summary>Runs one update of the model named in the <see cref="UpdateRequest"/> input.</summary>
    [Function(UpdateActivities.Orchestrator)]
    public static Task<UpdateOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        UpdateWorkflow.RunAsync(new DurableOrchestrationContext(context));
}
