using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.FreezeWindow"/>: Fixes the data window and snapshots the pending counters.</summary>
public sealed class FreezeWindowActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.FreezeWindowAsync"/>.</summary>
    [Function(UpdateActivities.FreezeWindow)]
    public Task<FrozenWindow> Run([ActivityTrigger] FreezeWindowInput input, CancellationToken cancellationToken) =>
        handlers.FreezeWindowAsync(input, cancellationToken);
}
