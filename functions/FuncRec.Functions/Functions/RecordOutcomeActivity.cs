using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.RecordOutcome"/>: Appends the outcome and updates the pacing state, once per job.</summary>
public sealed class RecordOutcomeActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.RecordOutcomeAsync"/>.</summary>
    [Function(UpdateActivities.RecordOutcome)]
    public Task<bool> Run([ActivityTrigger] UpdateOutcome outcome, CancellationToken cancellationToken) =>
        handlers.RecordOutcomeAsync(outcome, cancellationToken);
}
