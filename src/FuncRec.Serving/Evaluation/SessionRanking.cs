using System.Diagnostics;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Metrics;
using FuncRec.Core.Sessions;
using FuncRec.Serving.Model;
using FuncRec.Serving.Retrieval;

namespace FuncRec.Serving.Evaluation;

/// <summary>
/// Next-item ranking of sessions with a served model, by the project's protocol (docs/quality.md), the same one
/// the trainer's TorchSharp evaluator applies: events on items outside the known set are dropped, sessions left
/// with fewer than two events are dropped, and every prefix predicts the next item, ranked against all known
/// items. Items the model has no row for (a stale model) can be neither inputs nor candidates: such inputs are
/// skipped and such targets count as misses. The model scored is exactly the one serving would load. With the
/// session-first policy a case's own input items rank above every other candidate, in score order among themselves,
/// as the trainer's evaluator does with <c>SessionItemsFirst</c>; with the co-occurrence term, the scores are the
/// model's plus the version's boost, as the trainer's evaluator adds them.
/// </summary>
public static class SessionRanking
{
    /// <summary>The cut-offs reported.</summary>
    public static readonly int[] Cutoffs = [10, 20];

    /// <summary>
    /// Ranks every case of <paramref name="sessions"/> with <paramref name="model"/>. <paramref name="knownItems"/>
    /// is the set of items both inputs and candidates are drawn from; null means the model's own items.
    /// <paramref name="sessionItemsFirst"/> ranks each case's input items above all other candidates;
    /// <paramref name="cooccurrence"/> adds the version's co-occurrence term (<see cref="ServingModel.HasCooccurrence"/>).
    /// </summary>
    public static SessionRankingResult Evaluate(
        ServingModel model, IEnumerable<SessionSequence> sessions, IReadOnlySet<string>? knownItems, bool sessionItemsFirst = false,
        CancellationToken cancellationToken = default, bool cooccurrence = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sessions);
        var maps = model.IdMaps ?? throw new ArgumentException("The model has no id maps, so item ids cannot be ranked.", nameof(model));
        var stopwatch = Stopwatch.StartNew();
        var (cases, sessionCount) = BuildCases(model, maps, sessions, knownItems);
        var candidates = CandidateMask(model, knownItems);

        // Ranks are computed in parallel but accumulated in case order, so the sums (and the gate's decision)
        // do not depend on thread scheduling.
        var ranks = new int[cases.Count];
        Parallel.For(0, cases.Count, new ParallelOptions { CancellationToken = cancellationToken },
            () => new Scratch(model),
            (i, _, scratch) =>
            {
                ranks[i] = cases[i].Rows.Length == 0 ? 0 : Rank(model, cases[i], candidates, sessionItemsFirst, cooccurrence && model.HasCooccurrence, scratch);
                return scratch;
            },
            _ => { });

        var accumulator = new MetricAccumulator(Cutoffs);
        foreach (var rank in ranks)
        {
            accumulator.Add(rank);
        }

        return new SessionRankingResult(accumulator.Summarize(), sessionCount, stopwatch.Elapsed.TotalSeconds);
    }

    private static (List<RankingCase> Cases, int Sessions) BuildCases(ServingModel model, ModelIdMaps maps, IEnumerable<SessionSequence> sessions, IReadOnlySet<string>? knownItems)
    {
        var cases = new List<RankingCase>();
        var sessionCount = 0;
        var rows = new List<int>();
        var types = new List<byte>();
        foreach (var session in sessions)
        {
            var kept = session.Events.Where(e => knownItems?.Contains(e.ItemId) ?? maps.ItemRow(e.ItemId) != 0).ToList();
            if (kept.Count < 2)
            {
                continue;
            }

            sessionCount++;
            rows.Clear();
            types.Clear();
            for (var end = 1; end < kept.Count; end++)
            {
                // Inputs grow by one event per case; events the model cannot represent are skipped.
                if (maps.ItemRow(kept[end - 1].ItemId) is var row and > 0)
                {
                    rows.Add(row);
                    types.Add((byte)kept[end - 1].Type);
                }

                var target = maps.ItemRow(kept[end].ItemId);
                if (rows.Count == 0 || target == 0)
                {
                    cases.Add(new RankingCase([], [], 0));
                    continue;
                }

                var take = Math.Min(rows.Count, model.Shape.MaxLength);
                cases.Add(new RankingCase(rows.GetRange(rows.Count - take, take).ToArray(), types.GetRange(types.Count - take, take).ToArray(), target));
            }
        }

        return (cases, sessionCount);
    }

    private static bool[] CandidateMask(ServingModel model, IReadOnlySet<string>? knownItems)
    {
        var maps = model.IdMaps!;
        var mask = new bool[model.Shape.ItemRows];
        for (var r = 1; r < mask.Length; r++)
        {
            mask[r] = knownItems?.Contains(maps.ItemIdOfRow(r)) ?? true;
        }

        return mask;
    }

    private static int Rank(ServingModel model, RankingCase c, bool[] candidates, bool sessionItemsFirst, bool cooccurrence, Scratch scratch)
    {
        model.Session.Encode(c.Rows, c.Types, scratch.User);
        model.ItemTiles.ScoreTiles(0, model.ItemTiles.Tiles, scratch.User, scratch.Scores);
        if (cooccurrence)
        {
            model.Cooccurrence.AddBoost(c.Rows, model.CooccurrenceWeight, scratch.Scores);
        }

        var targetScore = scratch.Scores[c.Target];
        var higher = 0;
        for (var r = 1; r < candidates.Length; r++)
        {
            if (candidates[r] && scratch.Scores[r] > targetScore)
            {
                higher++;
            }
        }

        if (!sessionItemsFirst)
        {
            return higher + 1;
        }

        // Lexicographic (in session, then score): a target in the session is outranked only by higher-scoring session
        // items; any other target by every session item plus the higher-scoring rest.
        var targetInSession = Array.IndexOf(c.Rows, c.Target) >= 0;
        var sessionItems = 0;
        var sessionHigher = 0;
        foreach (var r in c.Rows.Distinct())
        {
            if (candidates[r] && r != c.Target)
            {
                sessionItems++;
                sessionHigher += scratch.Scores[r] > targetScore ? 1 : 0;
            }
        }

        return targetInSession ? sessionHigher + 1 : sessionItems + (higher - sessionHigher) + 1;
    }

    private readonly record struct RankingCase(int[] Rows, byte[] Types, int Target);

    private sealed class Scratch(ServingModel model)
    {
        public float[] User { get; } = new float[model.Shape.Dim];

        public float[] Scores { get; } = new float[model.ItemTiles.Tiles * ItemTileMatrix.TileRows];
    }
}

/// <summary>The metrics of one ranking evaluation and its size.</summary>
/// <param name="Summary">Recall, MRR and NDCG at each cut-off (fractions).</param>
/// <param name="Sessions">Sessions that yielded cases.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record SessionRankingResult(RankingSummary Summary, int Sessions, double Seconds);
