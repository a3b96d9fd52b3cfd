using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Runtime;
using FuncRec.Workflow.Evaluation;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Evaluation;

/// <summary>
/// The gate's evaluator: loads candidate and champion from blob storage and ranks the newest
/// <c>HoldoutFraction</c> of the frozen window (the sessions the trainer held out, in the same order) with each.
/// Both are scored on the same cases: items the champion has never seen are dropped from the slice, so neither
/// model is asked about rows it cannot represent.
/// </summary>
public sealed class TrainerCandidateEvaluator(CheckpointStore checkpoints, TrainingWindowOpener windows) : ICandidateEvaluator
{
    /// <inheritdoc />
    public async Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sessions = (await windows.OpenAsync(request.Window, cancellationToken).ConfigureAwait(false)).ReadSessions().ToList();
        var holdoutCount = (int)Math.Floor(sessions.Count * request.HoldoutFraction);
        var holdout = sessions.Skip(sessions.Count - holdoutCount).ToList();
        var device = TorchRuntime.SelectDevice();

        var (_, candidate) = await checkpoints.LoadAsync(request.Model, request.CandidateVersion, device, cancellationToken: cancellationToken).ConfigureAwait(false);
        using (candidate)
        {
            if (request.ChampionVersion is null)
            {
                var alone = CheckpointEvaluator.Evaluate(candidate.Model, candidate.IdMaps, holdout, null, device, cancellationToken: cancellationToken);
                return new CandidateEvaluation(alone.ToMetrics(), null, Describe(holdout.Count, request));
            }

            var (_, champion) = await checkpoints.LoadAsync(request.Model, request.ChampionVersion, device, cancellationToken: cancellationToken).ConfigureAwait(false);
            using (champion)
            {
                var shared = champion.IdMaps.ItemIds.ToHashSet(StringComparer.Ordinal);
                var c = CheckpointEvaluator.Evaluate(candidate.Model, candidate.IdMaps, holdout, shared, device, cancellationToken: cancellationToken);
                var p = CheckpointEvaluator.Evaluate(champion.Model, champion.IdMaps, holdout, shared, device, cancellationToken: cancellationToken);
                return new CandidateEvaluation(c.ToMetrics(), p.ToMetrics(), Describe(holdout.Count, request));
            }
        }
    }

    private static string Describe(int sessions, EvaluationRequest request) =>
        $"newest {request.HoldoutFraction:P0} of the window ({sessions} sessions)";
}
