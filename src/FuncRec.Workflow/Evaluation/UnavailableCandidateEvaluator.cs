namespace FuncRec.Workflow.Evaluation;

/// <summary>
/// The default until the trainer side registers the real <see cref="ICandidateEvaluator"/>: it refuses, so
/// EvaluateCandidate fails and the run is recorded as Failed. The gate fails closed; nothing is promoted unevaluated.
/// </summary>
public sealed class UnavailableCandidateEvaluator : ICandidateEvaluator
{
    /// <inheritdoc />
    public Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No ICandidateEvaluator is registered; the trainer side provides it (register it before AddFuncRecUpdates).");
}
