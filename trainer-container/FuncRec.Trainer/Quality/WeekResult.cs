namespace FuncRec.Trainer.Quality;

/// <summary>One regime's result on one test week (metrics as fractions).</summary>
/// <param name="Regime">incremental, full or stale.</param>
/// <param name="Week">The test period t.</param>
/// <param name="Recall20">Recall@20.</param>
/// <param name="Mrr20">MRR@20.</param>
/// <param name="Recall10">Recall@10.</param>
/// <param name="Mrr10">MRR@10.</param>
/// <param name="Cases">Test cases.</param>
/// <param name="TrainExamples">Training examples processed for the model evaluated this week (0 when reused).</param>
/// <param name="TrainSeconds">Training wall seconds for that model (0 when reused).</param>
public sealed record WeekResult(string Regime, int Week, double Recall20, double Mrr20, double Recall10, double Mrr10, long Cases, long TrainExamples, double TrainSeconds);
