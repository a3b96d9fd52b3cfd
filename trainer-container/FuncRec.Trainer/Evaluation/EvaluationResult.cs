using FuncRec.Core.Metrics;

namespace FuncRec.Trainer.Evaluation;

/// <summary>The metrics of one evaluation and its size.</summary>
/// <param name="Summary">Recall, MRR and NDCG at each cut-off (fractions); HitRate equals Recall.</param>
/// <param name="Sessions">Test sessions that yielded cases.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record EvaluationResult(RankingSummary Summary, int Sessions, double Seconds)
{
    /// <summary>The metrics as manifest entries: <c>recall@10</c>, <c>mrr@10</c>, <c>ndcg@10</c>, <c>hitrate@10</c>, ... and <c>cases</c>.</summary>
    public Dictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["cases"] = Summary.Cases };
        foreach (var (k, s) in Summary.ByCutoff)
        {
            metrics[$"recall@{k}"] = s.Recall;
            metrics[$"mrr@{k}"] = s.Mrr;
            metrics[$"ndcg@{k}"] = s.Ndcg;
            metrics[$"hitrate@{k}"] = s.HitRate;
        }

        return metrics;
    }
}
