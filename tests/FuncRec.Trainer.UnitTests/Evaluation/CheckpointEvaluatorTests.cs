using FuncRec.Core.Checkpoints;
using FuncRec.Core.Features;
using FuncRec.Core.Sessions;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Evaluation;
using FuncRec.Trainer.Model;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Evaluation;

public sealed class CheckpointEvaluatorTests
{
    private static SessionSequence Session(string id, params string[] items) =>
        new(id, items.Select(i => new SessionEvent(i, InteractionType.View)).ToList());

    // A random (seeded) model over items i0..i11: ranks that follow from its scores, not from training.
    private static (ModelIdMaps Maps, SessionRecModel Model) TwelveItemModel(int seed)
    {
        var maps = new ModelIdMaps();
        foreach (var id in Enumerable.Range(0, 12).Select(i => $"i{i}"))
        {
            maps.GetOrAddItem(id);
        }

        random.manual_seed(seed);
        return (maps, new SessionRecModel(new ModelOptions { Dim = 8, MaxLength = 4, Blocks = 1, QueryBuckets = 4 }, maps.ItemRows, 1));
    }

    [Fact]
    public void Evaluate_UnknownItemsAndShortSessions_AreDroppedPerProtocol()
    {
        var maps = new ModelIdMaps();
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            maps.GetOrAddItem(id);
        }

        random.manual_seed(1);
        using var model = new SessionRecModel(new ModelOptions { Dim = 8, MaxLength = 4, Blocks = 1, QueryBuckets = 4 }, maps.ItemRows, 1);
        var test = new[]
        {
            Session("1", "a", "x", "b", "c"), // x unseen: dropped, leaving a b c -> 2 cases
            Session("2", "x", "a"),           // length 1 after dropping: no case
            Session("3", "d"),                // length 1: no case
        };

        var result = CheckpointEvaluator.Evaluate(model, maps, test, null, CPU);
        Assert.Equal(2, result.Summary.Cases);
        Assert.Equal(1, result.Sessions);

        // With only four candidates every target ranks within the top 10.
        Assert.Equal(1.0, result.Summary.At(10).Recall);
    }

    [Fact]
    public void Evaluate_TargetUnknownToModelButKnownToProtocol_CountsAsMiss()
    {
        var maps = new ModelIdMaps();
        maps.GetOrAddItem("a");
        maps.GetOrAddItem("b");
        random.manual_seed(1);
        using var model = new SessionRecModel(new ModelOptions { Dim = 8, MaxLength = 4, Blocks = 1, QueryBuckets = 4 }, maps.ItemRows, 1);
        var known = new HashSet<string> { "a", "b", "new" };

        var result = CheckpointEvaluator.Evaluate(model, maps, [Session("1", "a", "new", "b")], known, CPU);

        // Cases: a -> new (model has no row: miss), [a, new] -> b (input keeps a; 2 candidates: hit).
        Assert.Equal(2, result.Summary.Cases);
        Assert.Equal(0.5, result.Summary.At(20).Recall);
    }

    [Fact]
    public void Evaluate_SessionItemsFirst_RanksInputItemsAboveAllOthers()
    {
        var (maps, model) = TwelveItemModel(seed: 3);
        using var _ = model;
        int Rank(bool sessionItemsFirst, params string[] items)
        {
            // One case per session, so MRR@20 is 1/rank (12 candidates always rank within 20).
            var mrr = CheckpointEvaluator.Evaluate(model, maps, [Session("s", items)], null, CPU, sessionItemsFirst).Summary.At(20).Mrr;
            return (int)Math.Round(1 / mrr);
        }

        // The only input item, repeated: first.
        Assert.Equal(1, Rank(true, "i3", "i3"));
        Assert.True(Rank(false, "i3", "i3") > 1, "the random model should not rank the repeat first by itself");

        // A new item ranks below the one input item and otherwise where its score puts it.
        var plain = Rank(false, "i3", "i7");
        var first = Rank(true, "i3", "i7");
        Assert.InRange(first, Math.Max(2, plain), plain + 1);
    }

    [Fact]
    public void Evaluate_CooccurrenceBoost_LiftsTheInputsPartnerAboveUnrelatedItems()
    {
        var (maps, model) = TwelveItemModel(seed: 5);
        using var _ = model;
        var table = ItemCooccurrence.Empty.Update([[maps.ItemRow("i3"), maps.ItemRow("i7")]], 1.0, maps.ItemRows, 10, 30);
        int Rank(bool sessionItemsFirst, CooccurrenceBoost? boost)
        {
            var mrr = CheckpointEvaluator.Evaluate(model, maps, [Session("s", "i3", "i7")], null, CPU, sessionItemsFirst, boost: boost).Summary.At(20).Mrr;
            return (int)Math.Round(1 / mrr);
        }

        // A weight far above the random model's score spread puts i7, i3's only partner, on top (ln 2 × 1000).
        Assert.True(Rank(false, null) > 1, "the random model should not rank i7 first by itself");
        Assert.Equal(1, Rank(false, new CooccurrenceBoost(table, 1000f)));
        Assert.Equal(2, Rank(true, new CooccurrenceBoost(table, 1000f)));
        Assert.Equal(Rank(false, null), Rank(false, new CooccurrenceBoost(table, 0f)));
    }
}
