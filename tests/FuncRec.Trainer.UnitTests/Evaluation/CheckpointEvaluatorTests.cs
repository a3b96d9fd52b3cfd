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
}
