using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.PromoteCandidate"/>: ETag compare-and-swap of CURRENT plus the promotion log.</summary>
public sealed class PromoteCandidateActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.PromoteCandidateAsync"/>.</summary>
    [Function(UpdateActivities.PromoteCandidate)]
    public Task<PromotionResult> Run([ActivityTrigger] PromoteCandidateInput input, CancellationToken cancellationToken) =>
        handlers.PromoteCandidateAsync(input, cancellationToken);
}
