using System.Diagnostics;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Metrics;
using FuncRec.Core.Sessions;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Evaluation;

/// <summary>
/// Scores a model on held-out sessions with the project's protocol (DESIGN.md): events on items outside the
/// known set are dropped, sessions left with fewer than two events are dropped, and every prefix predicts the
/// next item, ranked against all known items. Items the model has no row for (a stale model) can be neither
/// inputs nor candidates: such inputs are skipped and such targets count as misses. With the session-first policy
/// (<c>TrainingOptions.SessionItemsFirst</c>) the items of the case's own input rank above every other candidate,
/// in score order among themselves. With a <see cref="CooccurrenceBoost"/> the scores are the model's plus the
/// boost (the hybrid ranking); the policy then orders by those.
/// </summary>
public static class CheckpointEvaluator
{
    /// <summary>The cut-offs reported.</summary>
    public static readonly int[] Cutoffs = [10, 20];

    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="sessions"/>. <paramref name="knownItems"/> is the set of
    /// items seen in training so far; null means the model's own items. <paramref name="sessionItemsFirst"/> ranks each
    /// case's input items above all other candidates. <paramref name="boost"/>, when given, adds the co-occurrence term.
    /// </summary>
    public static EvaluationResult Evaluate(
        SessionRecModel model, ModelIdMaps maps, IEnumerable<SessionSequence> sessions, IReadOnlySet<string>? knownItems,
        Device device, bool sessionItemsFirst = false, int batchSize = 256, CancellationToken cancellationToken = default, CooccurrenceBoost? boost = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(sessions);
        var stopwatch = Stopwatch.StartNew();
        var maxLength = model.Options.MaxLength;
        var accumulator = new MetricAccumulator(Cutoffs);
        var cases = new List<(long[] Items, long[] Types, long Target)>();
        var sessionCount = 0;
        foreach (var session in sessions)
        {
            var kept = session.Events.Where(e => knownItems?.Contains(e.ItemId) ?? maps.ItemRow(e.ItemId) != 0).ToList();
            if (kept.Count < 2)
            {
                continue;
            }

            sessionCount++;
            for (var end = 1; end < kept.Count; end++)
            {
                var input = kept.Take(end).Select(e => (Row: (long)maps.ItemRow(e.ItemId), Type: (long)e.Type)).Where(x => x.Row != 0).TakeLast(maxLength).ToArray();
                var target = maps.ItemRow(kept[end].ItemId);
                if (input.Length == 0 || target == 0)
                {
                    accumulator.Add(0);
                    continue;
                }

                cases.Add((input.Select(x => x.Row).ToArray(), input.Select(x => x.Type).ToArray(), target));
            }
        }

        model.eval();
        using var _ = no_grad();
        using var candidates = CandidateMask(maps, knownItems, device);
        float[]? boostBuffer = null;
        foreach (var group in cases.GroupBy(c => c.Items.Length).OrderBy(g => g.Key))
        {
            foreach (var batch in group.Chunk(batchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var t = group.Key;
                var items = tensor(batch.SelectMany(c => c.Items).ToArray(), [batch.Length, t], device: device);
                var types = tensor(batch.SelectMany(c => c.Types).ToArray(), [batch.Length, t], device: device);
                var targets = tensor(batch.Select(c => c.Target).ToArray(), [batch.Length, 1], device: device);
                var scores = model.forward(items, types).matmul(model.ItemVectors().t());
                if (boost is not null)
                {
                    boostBuffer ??= new float[batchSize * scores.shape[1]];
                    boost.AddTo(scores, batch.Select(c => c.Items).ToList(), boostBuffer);
                }

                scores = scores.MaskedFill(candidates.logical_not().unsqueeze(0), float.NegativeInfinity);
                var higher = scores.gt(scores.gather(1, targets));
                var ranks = (sessionItemsFirst ? SessionFirstRanks(items, targets, higher, candidates) : higher.sum(1).Plus(1)).cpu().data<long>().ToArray();
                foreach (var rank in ranks)
                {
                    accumulator.Add((int)rank);
                }
            }
        }

        return new EvaluationResult(accumulator.Summarize(), sessionCount, stopwatch.Elapsed.TotalSeconds);
    }

    // Exact lexicographic ranks (in session, then score): a large additive bonus would round away score differences.
    private static Tensor SessionFirstRanks(Tensor items, Tensor targets, Tensor higher, Tensor candidates)
    {
        using var scope = NewDisposeScope();
        var inSession = zeros(higher.shape, dtype: ScalarType.Bool, device: higher.device)
            .scatter_(1, items, ones(items.shape, dtype: ScalarType.Bool, device: items.device))
            .logical_and_(candidates.unsqueeze(0));
        var targetInSession = inSession.gather(1, targets).squeeze(1);
        var rankAmongSession = higher.logical_and(inSession).sum(1).Plus(1);
        var rankAfterSession = inSession.sum(1).Plus(higher.logical_and(inSession.logical_not()).sum(1)).Plus(1);
        return rankAmongSession.where(targetInSession, rankAfterSession).MoveToOuterDisposeScope();
    }

    private static Tensor CandidateMask(ModelIdMaps maps, IReadOnlySet<string>? knownItems, Device device)
    {
        var mask = new bool[maps.ItemRows];
        for (var r = 1; r < mask.Length; r++)
        {
            mask[r] = knownItems?.Contains(maps.ItemIdOfRow(r)) ?? true;
        }

        return tensor(mask, device: device);
    }
}
