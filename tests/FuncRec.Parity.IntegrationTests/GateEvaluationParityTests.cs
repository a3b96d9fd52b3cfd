using FuncRec.Core.Checkpoints;
using FuncRec.Core.Features;
using FuncRec.Core.Sessions;
using FuncRec.Serving.Evaluation;
using FuncRec.Testing;
using FuncRec.Trainer.Evaluation;
using FuncRec.Trainer.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FuncRec.Parity.IntegrationTests;

/// <summary>
/// The promotion gate ranks with the serving model (<see cref="SessionRanking"/>) while the trainer's reports use
/// TorchSharp (<see cref="CheckpointEvaluator"/>). Both must apply the same protocol to the same checkpoint and
/// give the same metrics, or a gate decision would depend on which side measured.
/// </summary>
public sealed class GateEvaluationParityTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    public async Task SessionRanking_SameCheckpointAndSessions_MatchesTorchCheckpointEvaluator(bool restrictToKnownItems, bool sessionItemsFirst, bool cooccurrence)
    {
        const int seed = 83;
        var maps = ParityHarness.NewIdMaps(seed);
        var options = new ModelOptions { Dim = 32, MaxLength = 8, Blocks = 2, Heads = 2, QueryBuckets = 512 };
        var model = ParityHarness.NewRandomModel(options, maps, seed);
        using var state = CheckpointRoundTrip.State(model, maps);
        var sessions = Sessions(maps, seed);
        // The table is counted from the test sessions themselves, so the term moves many ranks (a weight near the scores' spread).
        const float weight = 0.5f;
        if (cooccurrence)
        {
            state.Cooccurrence = ItemCooccurrence.Empty.Update(
                sessions.Select(s => s.Events.Select(e => maps.ItemRow(e.ItemId)).ToArray()), 1.0, maps.ItemRows, 50, 30);
        }

        var serving = await CheckpointRoundTrip.SaveAndLoadAsync(azurite, state, "v-gate", cooccurrence ? weight : 0);
        Assert.Equal(cooccurrence, serving.HasCooccurrence);
        var boost = cooccurrence ? new CooccurrenceBoost(state.Cooccurrence, weight) : null;

        // A known set that leaves out every fifth item exercises dropped inputs, dropped targets and the candidate mask.
        IReadOnlySet<string>? known = restrictToKnownItems
            ? maps.ItemIds.Where((_, i) => i % 5 != 0).ToHashSet(StringComparer.Ordinal)
            : null;

        var torch = CheckpointEvaluator.Evaluate(model, maps, sessions, known, CPU, sessionItemsFirst, boost: boost);
        var csharp = SessionRanking.Evaluate(serving, sessions, known, sessionItemsFirst, cooccurrence: true);

        output.WriteLine($"cases {csharp.Summary.Cases}: torch R@20 {torch.Summary.At(20).Recall:F4} MRR@20 {torch.Summary.At(20).Mrr:F4}; serving R@20 {csharp.Summary.At(20).Recall:F4} MRR@20 {csharp.Summary.At(20).Mrr:F4}");
        Assert.True(csharp.Summary.Cases > 500, $"only {csharp.Summary.Cases} cases");
        Assert.Equal(torch.Summary.Cases, csharp.Summary.Cases);
        Assert.Equal(torch.Sessions, csharp.Sessions);
        Assert.InRange(torch.Summary.At(20).Recall, 0.01, 0.99);

        if (cooccurrence)
        {
            var plain = CheckpointEvaluator.Evaluate(model, maps, sessions, known, CPU, sessionItemsFirst);
            Assert.NotEqual(plain.Summary.At(20).Mrr, torch.Summary.At(20).Mrr);
        }

        // Scores agree to ~1e-6, so at most a near-tie or two may rank differently.
        var oneCase = 2.0 / csharp.Summary.Cases;
        foreach (var k in SessionRanking.Cutoffs)
        {
            Assert.InRange(csharp.Summary.At(k).Recall - torch.Summary.At(k).Recall, -oneCase, oneCase);
            Assert.InRange(csharp.Summary.At(k).Mrr - torch.Summary.At(k).Mrr, -oneCase, oneCase);
        }
    }

    private static List<SessionSequence> Sessions(ModelIdMaps maps, int seed)
    {
        var random = new Random(seed);
        var sessions = new List<SessionSequence>();
        for (var s = 0; s < 300; s++)
        {
            var length = random.Next(1, 14);
            var events = new List<SessionEvent>();
            for (var i = 0; i < length; i++)
            {
                // One event in ten is an item no model has seen.
                var item = random.Next(10) == 0 ? $"unseen-{random.Next(50)}" : maps.ItemIdOfRow(1 + random.Next(maps.ItemIds.Count));
                events.Add(new SessionEvent(item, (InteractionType)(1 + random.Next(4))));
            }

            sessions.Add(new SessionSequence($"s{s}", events));
        }

        return sessions;
    }
}
