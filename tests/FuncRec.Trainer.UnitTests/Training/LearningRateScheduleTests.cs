using FuncRec.Core.Sessions;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.TestData;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class LearningRateScheduleTests : IDisposable
{
    private static readonly ModelOptions s_model = new() { Dim = 16, MaxLength = 8, Blocks = 1, QueryBuckets = 16 };
    private readonly string _dir = Directory.CreateTempSubdirectory("funcrec-lr-").FullName;

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 0.8535533905932737)] // (1 + cos(π/4)) / 2 = (1 + 0.70710678) / 2
    [InlineData(0.5, 0.5)]
    [InlineData(0.75, 0.14644660940672627)] // (1 − 0.70710678) / 2
    [InlineData(1.0, 0.0)]
    [InlineData(-0.5, 1.0)]
    [InlineData(1.5, 0.0)]
    public void Cosine_Fraction_IsHalfCosineMultiplier(double fraction, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.Cosine(fraction), 12);

    [Fact]
    public async Task Train_RateAt_AskedOncePerStepWithRisingFractionsAndStartRateRestored()
    {
        using var job = await PrepareChildAsync(new Dictionary<string, string>());
        var steps = job.State.Optimizer.StepCount;
        var fractions = new List<double>();

        EpochTrainer.Train(job.State, job.TrainingSet, job.Searches, job.Options, 2, null, CPU, null, CancellationToken.None,
            rateAt: f => { fractions.Add(f); return LearningRateSchedule.Cosine(f); });

        var taken = (int)(job.State.Optimizer.StepCount - steps);
        Assert.True(taken > 2);
        Assert.Equal(taken, fractions.Count);
        Assert.Equal(Enumerable.Range(0, taken).Select(i => i / (double)taken), fractions);
        Assert.Equal(job.Options.LearningRate, job.State.Optimizer.LearningRate);
    }

    [Fact]
    public async Task Train_RateAtZero_LeavesEveryWeightUnchanged()
    {
        using var job = await PrepareChildAsync(new Dictionary<string, string>());
        var before = job.State.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        EpochTrainer.Train(job.State, job.TrainingSet, job.Searches, job.Options, 1, null, CPU, null, CancellationToken.None, rateAt: _ => 0);

        foreach (var (name, value) in job.State.Model.state_dict())
        {
            Assert.True(value.allclose(before[name], rtol: 0, atol: 0), $"{name} moved at rate 0");
        }
    }

    [Fact]
    public async Task TrainAsync_IncrementalCosine_DiffersFromConstantAndCheckpointKeepsStartRate()
    {
        var store = await ParentAsync();
        var trainer = Trainer(store);
        await trainer.TrainAsync(Child("constant", new Dictionary<string, string>()));
        await trainer.TrainAsync(Child("cosine", new Dictionary<string, string> { [nameof(TrainingOptions.IncrementalLearningRateSchedule)] = TrainingOptions.CosineSchedule }));

        var (_, constant) = await store.LoadAsync("m", "constant", CPU);
        var (_, cosine) = await store.LoadAsync("m", "cosine", CPU);
        using (constant)
        using (cosine)
        {
            Assert.Equal(constant.Optimizer.StepCount, cosine.Optimizer.StepCount);
            Assert.Equal(0.01, cosine.Optimizer.LearningRate);
            var a = constant.Model.state_dict();
            var b = cosine.Model.state_dict();
            Assert.Contains(a.Keys, k => !a[k].allclose(b[k], rtol: 0, atol: 0));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<PreparedTraining> PrepareChildAsync(Dictionary<string, string> overrides)
    {
        var store = await ParentAsync();
        return await Trainer(store).PrepareAsync(Child("v2", overrides));
    }

    private async Task<CheckpointStore> ParentAsync()
    {
        var store = new CheckpointStore(new DirectoryCheckpointStorage(_dir));
        await Trainer(store).TrainAsync(new TrainingRequest
        {
            Model = "m", Version = "v1", Mode = TrainingMode.Full, Data = new ListSessionSource("p0", SyntheticSessions.Generate(80, 30, seed: 3)),
        });
        return store;
    }

    private static IncrementalTrainer Trainer(CheckpointStore store) => new(store, Options.Create(s_model),
        Options.Create(new TrainingOptions { Epochs = 1, IncrementalEpochs = 2, BatchSize = 32, LearningRate = 0.01, HoldoutFraction = 0, ReplaySessions = 20, Threads = 1 }));

    private static TrainingRequest Child(string version, Dictionary<string, string> overrides) => new()
    {
        Model = "m", Version = version, ParentVersion = "v1", Mode = TrainingMode.Incremental, Hyperparameters = overrides,
        Data = new ListSessionSource("p1", SyntheticSessions.Generate(60, 40, seed: 4)),
    };
}
