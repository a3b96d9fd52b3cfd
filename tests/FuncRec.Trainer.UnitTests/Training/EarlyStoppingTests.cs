using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class EarlyStoppingTests
{
    private static TrainerState NewState()
    {
        var maps = new ModelIdMaps();
        maps.GetOrAddItem("a");
        var adam = new AdamOptimizer(0.01);
        return new TrainerState(new SessionRecModel(new ModelOptions { Dim = 4, Blocks = 1, QueryBuckets = 4 }, 2, 1), maps, adam, ReplayReservoir.Restore(1, 0, []), [0, 1]);
    }

    /// <summary>Stands in for one epoch of training: moves every weight and sets fresh moments and a later step.</summary>
    private static void FakeEpoch(TrainerState state, float shift)
    {
        using (no_grad())
        {
            foreach (var (_, p) in state.Model.named_parameters())
            {
                p.add_(shift);
            }
        }

        state.Optimizer.SetState("item_emb.weight", full(2, 4, shift), full(2, 4, shift * 2));
        state.Optimizer.StepCount += 10;
    }

    [Fact]
    public void Observe_NoImprovementForPatienceEpochs_StopsAndRestoresBestEpochExactly()
    {
        using var state = NewState();
        using var stopping = new EarlyStopping(patience: 2);

        FakeEpoch(state, 0.5f);
        Assert.True(stopping.Observe(0.10, state));
        FakeEpoch(state, 0.25f);
        Assert.True(stopping.Observe(0.30, state));
        var best = state.Model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        FakeEpoch(state, 1f);
        Assert.True(stopping.Observe(0.30, state)); // a tie is not an improvement
        FakeEpoch(state, 2f);
        state.Optimizer.SetState("pos_emb.weight", ones(2), ones(2)); // moments that did not exist at the best epoch
        Assert.False(stopping.Observe(0.20, state));

        stopping.RestoreBest(state);

        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(0.30, stopping.BestScore);
        Assert.Equal([0.10, 0.30, 0.30, 0.20], stopping.Scores);
        foreach (var (name, value) in state.Model.state_dict())
        {
            Assert.True(value.eq(best[name]).all().item<bool>(), name);
        }

        Assert.Equal(20, state.Optimizer.StepCount);
        Assert.Equal(["item_emb.weight"], state.Optimizer.State.Keys);
        Assert.True(state.Optimizer.State["item_emb.weight"].ExpAvg.eq(0.25f).all().item<bool>());
        Assert.True(state.Optimizer.State["item_emb.weight"].ExpAvgSq.eq(0.5f).all().item<bool>());
    }

    [Fact]
    public void RestoreBest_LastEpochWasBest_LeavesStateUntouched()
    {
        using var state = NewState();
        using var stopping = new EarlyStopping(patience: 1);
        FakeEpoch(state, 0.5f);
        stopping.Observe(0.1, state);
        FakeEpoch(state, 0.5f);
        Assert.True(stopping.Observe(0.2, state));
        var before = state.Model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        stopping.RestoreBest(state);

        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(20, state.Optimizer.StepCount);
        foreach (var (name, value) in state.Model.state_dict())
        {
            Assert.True(value.eq(before[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Constructor_PatienceBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(0));
}
