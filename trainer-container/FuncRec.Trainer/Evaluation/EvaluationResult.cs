using FuncRec.Core.Metrics;

namespace FuncRec.Trainer.Evaluation;

/// <summary>The metrics of one evaluation and its size.</summary>
/// <param name="Summary">Recall, MRR and NDCG at each cut-off (fractions); HitRate equals Recall.</param>
/// <param name="Sessions">Test sessions that yielded cases.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record EvaluationResult(RankingSummary Summary, int Sessions, double Seconds)
{
    /// <summary>The metrics as manifest entries (<see cref="RankingSummary.ToMetrics"/>).</summary>
    public Dictionary<string, double> ToMetrics() => Summary.ToMetrics();
}
