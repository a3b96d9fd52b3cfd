using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.EvaluateCandidate"/>: Held-out evaluation, sanity checks and the promotion gate.</summary>
public sealed class EvaluateCandidateActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.EvaluateCandidateAsync"/>.</summary>
    [Function(UpdateActivities.EvaluateCandidate)]
    public Task<CandidateVerdict> Run([ActivityTrigger] EvaluateCandidateInput input, CancellationToken cancellationToken) =>
        handlers.EvaluateCandidateAsync(input, cancellationToken);
}
