using FuncRec.Core.Checkpoints;
using FuncRec.Core.Sessions;
using FuncRec.Testing;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.TestData;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace FuncRec.Trainer.IntegrationTests;

public sealed class IncrementalTrainerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly ModelOptions s_model = new() { Dim = 16, MaxLength = 8, Blocks = 1, QueryBuckets = 16 };

    private (CheckpointStore Store, IncrementalTrainer Trainer) NewTrainer()
    {
        var container = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.NewContainerName("inc"));
        var store = new CheckpointStore(new BlobCheckpointStorage(container));
        var options = new TrainingOptions { Epochs = 1, IncrementalEpochs = 1, BatchSize = 32, HoldoutFraction = 0.1, ReplaySessions = 20, Threads = 1 };
        return (store, new IncrementalTrainer(store, Options.Create(s_model), Options.Create(options)));
    }

    private static TrainingRequest Request(string version, string? parent, IReadOnlyList<SessionSequence> sessions) => new()
    {
        Model = "session-rec",
        Version = version,
        ParentVersion = parent,
        Mode = parent is null ? TrainingMode.Full : TrainingMode.Incremental,
        Data = new ListSessionSource("synthetic", sessions),
    };

    [Fact]
    public async Task PrepareAsync_Incremental_StartsFromParentWeightsAndOptimizerState()
    {
        var (store, trainer) = NewTrainer();
        await trainer.TrainAsync(Request("v1", null, SyntheticSessions.Generate(120, 40, seed: 1)));
        var (_, parent) = await store.LoadAsync("session-rec", "v1", CPU);
        using var owned = parent;

        // The new window brings items the parent never saw (ids 40..59).
        using var job = await trainer.PrepareAsync(Request("v2", "v1", SyntheticSessions.Generate(60, 60, seed: 2)));

        Assert.True(job.State.IdMaps.Extends(parent.IdMaps));
        Assert.True(job.State.Model.ItemRows > parent.Model.ItemRows);
        var parentState = parent.Model.state_dict();
        foreach (var (name, value) in job.State.Model.state_dict())
        {
            var old = parentState[name];
            Assert.True(value.narrow(0, 0, old.shape[0]).eq(old).all().item<bool>(), name);
        }

        Assert.Equal(parent.Optimizer.StepCount, job.State.Optimizer.StepCount);
        Assert.Equal(parent.Optimizer.State.Keys.Order(), job.State.Optimizer.State.Keys.Order());
        foreach (var (name, (m, v)) in parent.Optimizer.State)
        {
            var (cm, cv) = job.State.Optimizer.State[name];
            Assert.True(cm.narrow(0, 0, m.shape[0]).eq(m).all().item<bool>(), name);
            Assert.True(cv.narrow(0, 0, v.shape[0]).eq(v).all().item<bool>(), name);
        }

        var (growM, _) = job.State.Optimizer.State["item_emb.weight"];
        Assert.Equal(job.State.Model.ItemRows, growM.shape[0]);
        Assert.Equal(0f, growM.narrow(0, parent.Model.ItemRows, growM.shape[0] - parent.Model.ItemRows).abs().sum().item<float>());
        Assert.Equal(parent.Replay.Sessions.Count, job.TrainingSet.Count - job.NewSessions.Count);
    }

    [Fact]
    public async Task TrainAsync_Incremental_WritesChildVersionWithParentCountsAndMetrics()
    {
        var (store, trainer) = NewTrainer();
        var full = await trainer.TrainAsync(Request("v1", null, SyntheticSessions.Generate(120, 40, seed: 3)));
        var child = await trainer.TrainAsync(Request("v2", "v1", SyntheticSessions.Generate(60, 60, seed: 4)));

        Assert.Equal("full", full.Manifest.Mode);
        Assert.Equal("incremental", child.Manifest.Mode);
        Assert.Equal("v1", child.Manifest.Parent);
        Assert.True(child.Manifest.Counts["new_items"] > 0);
        Assert.Equal(20, child.Manifest.Counts["replay_sessions"]);
        Assert.True(child.Manifest.Counts["optimizer_steps"] > full.Manifest.Counts["optimizer_steps"]);
        Assert.InRange(child.Metrics["recall@20"], 0.0, 1.0);
        Assert.Equal("16", child.Manifest.Hyperparameters["Model:Dim"]);

        var (_, parent) = await store.LoadAsync("session-rec", "v1", CPU);
        var (_, loaded) = await store.LoadAsync("session-rec", "v2", CPU);
        using (parent)
        using (loaded)
        {
            Assert.True(loaded.IdMaps.Extends(parent.IdMaps));
            Assert.Equal(loaded.IdMaps.ItemRows, loaded.Model.ItemRows);
        }
    }

    [Fact]
    public async Task TrainAsync_IncrementalWithDistillationAndNewItems_KeepsWeightsFinite()
    {
        var (store, trainer) = NewTrainer();
        await trainer.TrainAsync(Request("v1", null, SyntheticSessions.Generate(120, 40, seed: 6)));
        var request = Request("v2", "v1", SyntheticSessions.Generate(80, 60, seed: 7)) with
        {
            Hyperparameters = new Dictionary<string, string> { ["DistillationWeight"] = "0.5", ["Negatives"] = "16", ["FullSoftmaxMaxItems"] = "0" },
        };
        var child = await trainer.TrainAsync(request);
        var (_, loaded) = await store.LoadAsync("session-rec", "v2", CPU);
        using var owned = loaded;

        Assert.Equal("0.5", child.Manifest.Hyperparameters["Training:DistillationWeight"]);
        foreach (var (name, value) in loaded.Model.state_dict())
        {
            Assert.True(value.dtype != ScalarType.Float32 || value.isfinite().all().item<bool>(), name);
        }
    }

    [Fact]
    public async Task TrainAsync_EarlyStopping_HoldsOutValidationSliceAndRecordsTheChosenEpoch()
    {
        var (store, trainer) = NewTrainer();
        await trainer.TrainAsync(Request("v1", null, SyntheticSessions.Generate(120, 40, seed: 8)));
        var request = Request("v2", "v1", SyntheticSessions.Generate(100, 40, seed: 9)) with
        {
            Hyperparameters = new Dictionary<string, string>
            {
                ["IncrementalEpochs"] = "6", ["EarlyStoppingPatience"] = "2", ["ValidationFraction"] = "0.2", ["IncrementalLearningRate"] = "0.0005",
            },
        };

        int stepsPerEpoch;
        using (var job = await trainer.PrepareAsync(request))
        {
            stepsPerEpoch = ExampleBatcher.PlanEpoch(job.TrainingSet, s_model.MaxLength, job.Options.BatchSize, new Random(0)).Count;
            // 100 sessions: 10 holdout (the last), 20 validation drawn from the other 90, 70 trained on.
            Assert.Equal(70, job.WindowSessions);
            Assert.Equal(20, job.Validation.Count);
            Assert.Equal(10, job.Holdout.Count);
            var window = request.Data.ReadSessions().Select(x => x.SessionId).ToList();
            Assert.Equal(window[90..], job.Holdout.Select(x => x.SessionId));
            Assert.Subset(window[..90].ToHashSet(), job.Validation.Select(x => x.SessionId).ToHashSet());
            Assert.NotEqual(window[70..90], job.Validation.Select(x => x.SessionId));
            Assert.Equal(20, job.Validation.Select(x => x.SessionId).Distinct().Count());
            Assert.Equal(0.0005, job.State.Optimizer.LearningRate);
        }

        var child = await trainer.TrainAsync(request);

        var epochs = child.Manifest.Counts["epochs"];
        var best = child.Manifest.Counts["best_epoch"];
        Assert.InRange(epochs, 1, 6);
        Assert.InRange(best, 1, epochs);
        Assert.True(epochs == 6 || epochs - best == 2, $"stopped after {epochs} epochs with the best at {best}");
        Assert.Equal(20, child.Manifest.Counts["validation_sessions"]);
        Assert.InRange(child.Metrics["validation_recall@20"], 0.0, 1.0);
        var (_, parent) = await store.LoadAsync("session-rec", "v1", CPU);
        using var owned = parent;
        Assert.Equal(parent.Optimizer.StepCount + (best * stepsPerEpoch), child.Manifest.Counts["optimizer_steps"]);
    }

    [Fact]
    public async Task TrainAsync_IncrementalWithoutParent_Throws()
    {
        var (_, trainer) = NewTrainer();
        var request = Request("v1", null, SyntheticSessions.Generate(10, 10, seed: 5)) with { Mode = TrainingMode.Incremental };
        await Assert.ThrowsAsync<InvalidOperationException>(() => trainer.TrainAsync(request));
    }

    [Fact]
    public async Task TrainAsync_CooccurrenceOn_ChildTableIsParentsDecayedPlusTheWindowsPairs()
    {
        var (store, trainer) = NewTrainer();
        var on = new Dictionary<string, string> { ["CooccurrenceWeight"] = "4", ["CooccurrenceDecay"] = "0.25", ["CooccurrenceNeighbors"] = "1000" };
        var parentResult = await trainer.TrainAsync(Request("v1", null, SyntheticSessions.Generate(80, 30, seed: 21)) with { Hyperparameters = on });
        var childRequest = Request("v2", "v1", SyntheticSessions.Generate(60, 40, seed: 22)) with { Hyperparameters = on };
        ItemCooccurrence expected;
        using (var job = await trainer.PrepareAsync(childRequest))
        {
            expected = job.State.Cooccurrence.Update(job.NewSessions.Select(s => s.Rows), 0.25, job.State.IdMaps.ItemRows, 1000, 30);
        }

        var childResult = await trainer.TrainAsync(childRequest);

        var (_, parent) = await store.LoadAsync("session-rec", "v1", CPU);
        var (_, child) = await store.LoadAsync("session-rec", "v2", CPU);
        using (parent)
        using (child)
        {
            Assert.True(parent.Cooccurrence.PairCount > 0);
            Assert.Equal(parent.Cooccurrence.PairCount, parentResult.Manifest.Counts["cooccurrence_pairs"]);
            Assert.Equal(expected.PairCount, childResult.Manifest.Counts["cooccurrence_pairs"]);
            Assert.Equal(child.IdMaps.ItemRows, child.Cooccurrence.Rows);
            for (var r = 0; r < expected.Rows; r++)
            {
                Assert.Equal(expected.NeighborsOf(r).ToArray(), child.Cooccurrence.NeighborsOf(r).ToArray());
                Assert.Equal(expected.WeightsOf(r).ToArray(), child.Cooccurrence.WeightsOf(r).ToArray());
            }

            // A pair only the parent saw keeps a quarter of its weight.
            var r0 = Enumerable.Range(1, parent.Cooccurrence.Rows - 1).First(r => parent.Cooccurrence.NeighborsOf(r).Length > 0);
            var partner = parent.Cooccurrence.NeighborsOf(r0)[0];
            var index = child.Cooccurrence.NeighborsOf(r0).IndexOf(partner);
            Assert.True(child.Cooccurrence.WeightsOf(r0)[index] >= 0.25f * parent.Cooccurrence.WeightsOf(r0)[0]);
        }
    }
}
