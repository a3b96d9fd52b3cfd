using FuncRec.Core.Checkpoints;

namespace FuncRec.Workflow.Evaluation;

/// <summary>
/// Scores candidate and champion on the same held-out slice: the newest <c>HoldoutFraction</c> of the frozen
/// window, which the trainer held out from the candidate and the champion never saw. The trainer side
/// provides the real implementation (the model's forward pass); the gate only compares the numbers.
/// </summary>
public interface ICandidateEvaluator
{
    /// <summary>Evaluates both versions on the slice.</summary>
    Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken);
}

/// <summary>What to evaluate.</summary>
/// <param name="Model">Model name.</param>
/// <param name="CandidateVersion">The trained candidate.</param>
/// <param name="ChampionVersion">The serving version at freeze time; null when none.</param>
/// <param name="Window">The frozen window.</param>
/// <param name="HoldoutFraction">The held-out fraction at the window's newest end.</param>
public sealed record EvaluationRequest(string Model, string CandidateVersion, string? ChampionVersion, DataWindow Window, double HoldoutFraction);

/// <summary>Metrics of both on the same slice (fractions, e.g. <c>recall@20</c>).</summary>
/// <param name="Candidate">Candidate metrics.</param>
/// <param name="Champion">Champion metrics; null when there is no champion.</param>
/// <param name="Slice">A description of the slice, for the log.</param>
public sealed record CandidateEvaluation(IReadOnlyDictionary<string, double> Candidate, IReadOnlyDictionary<string, double>? Champion, string Slice);
