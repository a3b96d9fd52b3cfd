using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.AdvanceWatermark"/>: Subtracts the frozen snapshot from the pending counters, once.</summary>
public sealed class AdvanceWatermarkActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.AdvanceWatermarkAsync"/>.</summary>
    [Function(UpdateActivities.AdvanceWatermark)]
    public Task<bool> Run([ActivityTrigger] AdvanceWatermarkInput input, CancellationToken cancellationToken) =>
        handlers.AdvanceWatermarkAsync(input, cancellationToken);
}
