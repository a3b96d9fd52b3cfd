using System.Collections.Concurrent;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Metrics;
using FuncRec.Core.Training;
using FuncRec.Workflow.Evaluation;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.Trainer;

namespace FuncRec.Workflow.IntegrationTests;

/// <summary>
/// Stands in for the trainer's job service until the real one can be started by tests: it writes a real
/// checkpoint folder through <paramref name="produce"/>, answers Queued on submit, reports Succeeded on poll
/// and posts the completion callback (through <see cref="Callback"/>) shortly after, like the real one.
/// </summary>
internal sealed class FakeTrainer(Func<TrainingJobSpec, Task<string>> produce) : ITrainerClient
{
    private readonly ConcurrentDictionary<string, TrainingJobStatus> _jobs = new(StringComparer.Ordinal);

    public Func<TrainingJobStatus, Task>? Callback { get; set; }

    public int Submissions;

    public Func<TrainingJobSpec, TrainingJobState>? ResultState { get; set; }

    public async Task<TrainingJobStatus> SubmitAsync(TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        if (_jobs.TryGetValue(spec.JobId, out var existing))
        {
            return existing with { State = TrainingJobState.Running };
        }

        Interlocked.Increment(ref Submissions);
        var state = ResultState?.Invoke(spec) ?? TrainingJobState.Succeeded;
        var version = state == TrainingJobState.Succeeded ? await produce(spec) : null;
        var done = new TrainingJobStatus
        {
            JobId = spec.JobId,
            Model = spec.Model,
            State = state,
            ProgressPercent = 100,
            ProducedVersion = version,
            TrainingSeconds = 30,
            Error = state == TrainingJobState.Succeeded ? null : "simulated failure",
        };
        _jobs[spec.JobId] = done;
        if (state == TrainingJobState.Running)
        {
            // A job that never finishes: no callback, polls keep answering Running.
            return done;
        }

        if (Callback is { } callback)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(50, CancellationToken.None);
                await callback(done);
            }, CancellationToken.None);
        }

        return done with { State = TrainingJobState.Queued, ProgressPercent = 0, ProducedVersion = null };
    }

    public Task<TrainingJobStatus?> GetStatusAsync(string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_jobs.TryGetValue(jobId, out var s) ? s : null);
}

/// <summary>An evaluator that cannot run (storage down, the window gone): every attempt throws.</summary>
internal sealed class BrokenEvaluator : ICandidateEvaluator
{
    public Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("evaluation storage is unreachable");
}

/// <summary>Fixed numbers: for tests of the workflow mechanics, not of evaluation.</summary>
internal sealed class FixedEvaluator(double candidateRecall, double championRecall) : ICandidateEvaluator
{
    public Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new CandidateEvaluation(
            new Dictionary<string, double> { ["recall@20"] = candidateRecall, ["mrr@20"] = candidateRecall / 2 },
            request.ChampionVersion is null ? null : new Dictionary<string, double> { ["recall@20"] = championRecall, ["mrr@20"] = championRecall / 2 },
            "fixed"));
}

/// <summary>
/// A genuine evaluation on a held-out slice of (previous item, next item) pairs: each version's item
/// embeddings score every item by dot product with the previous item's; the next item's rank gives
/// Recall@20 and MRR@20. Weak next to the real session model, but it does measure the weights.
/// </summary>
internal sealed class DotProductEvaluator(IModelRegistry registry, IReadOnlyList<(string Prev, string Next)> slice) : ICandidateEvaluator
{
    public async Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var candidate = await EvaluateVersionAsync(request.Model, request.CandidateVersion, cancellationToken);
        var champion = request.ChampionVersion is null ? null : await EvaluateVersionAsync(request.Model, request.ChampionVersion, cancellationToken);
        return new CandidateEvaluation(candidate, champion, $"{slice.Count} held-out pairs");
    }

    private async Task<Dictionary<string, double>> EvaluateVersionAsync(string model, string version, CancellationToken ct)
    {
        var weights = SafeTensorsFile.Read((await registry.ReadFileAsync(model, version, CheckpointLayout.WeightsFile, ct))!.ToMemory());
        using var idStream = (await registry.ReadFileAsync(model, version, CheckpointLayout.IdMapFile, ct))!.ToStream();
        var ids = ModelIdMaps.Read(idStream);
        var emb = weights.Get("item_emb.weight");
        var dim = (int)emb.Shape[1];
        var values = emb.ToFloats();
        var acc = new MetricAccumulator(20);
        var scores = new float[ids.ItemRows];
        foreach (var (prev, next) in slice)
        {
            var p = ids.ItemRow(prev);
            for (var r = 0; r < scores.Length; r++)
            {
                var s = 0f;
                for (var d = 0; d < dim; d++)
                {
                    s += values[p * dim + d] * values[r * dim + d];
                }

                scores[r] = s;
            }

            scores[0] = float.NegativeInfinity;
            scores[p] = float.NegativeInfinity;
            acc.Add(RankingMetrics.RankOf(scores, ids.ItemRow(next)));
        }

        var summary = acc.Summarize().At(20);
        return new Dictionary<string, double> { ["recall@20"] = summary.Recall, ["mrr@20"] = summary.Mrr };
    }
}
