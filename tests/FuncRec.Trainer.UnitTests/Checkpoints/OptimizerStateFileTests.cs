using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Checkpoints;

public sealed class OptimizerStateFileTests
{
    [Fact]
    public void SerializeDeserialize_State_RoundTripsMomentsStepCountsAndReplay()
    {
        var maps = new ModelIdMaps();
        maps.GetOrAddItem("a");
        var adam = new AdamOptimizer(0.01, beta2: 0.98) { StepCount = 17 };
        adam.SetState("item_emb.weight", randn(2, 4), rand(2, 4));
        var replay = ReplayReservoir.Restore(5, 42, [new EncodedSession([1, 1, 1], [1, 2, 3])]);
        using var state = new TrainerState(new SessionRecModel(new ModelOptions { Dim = 4, Blocks = 1, QueryBuckets = 4 }, 2, 1), maps, adam, replay, [0, 9]);

        var bytes = OptimizerStateFile.Serialize(state);
        var (restored, restoredReplay, counts) = OptimizerStateFile.Deserialize(SafeTensorsFile.Read(bytes), CPU);
        using var _ = restored;

        Assert.Equal(17, restored.StepCount);
        Assert.Equal(0.98, restored.Beta2);
        Assert.True(restored.State["item_emb.weight"].ExpAvg.eq(adam.State["item_emb.weight"].ExpAvg).all().item<bool>());
        Assert.True(restored.State["item_emb.weight"].ExpAvgSq.eq(adam.State["item_emb.weight"].ExpAvgSq).all().item<bool>());
        Assert.Equal([0L, 9L], counts);
        Assert.Equal(42, restoredReplay.Seen);
        Assert.Equal(5, restoredReplay.Capacity);
        Assert.Equal([1, 1, 1], restoredReplay.Sessions.Single().Rows);
        Assert.Equal([(byte)1, (byte)2, (byte)3], restoredReplay.Sessions.Single().Types);
    }
}
