using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.ApplyRetention"/>: Deletes versions beyond the retention count.</summary>
public sealed class ApplyRetentionActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.ApplyRetentionAsync"/>.</summary>
    [Function(UpdateActivities.ApplyRetention)]
    public Task<int> Run([ActivityTrigger] ApplyRetentionInput input, CancellationToken cancellationToken) =>
        handlers.ApplyRetentionAsync(input, cancellationToken);
}
