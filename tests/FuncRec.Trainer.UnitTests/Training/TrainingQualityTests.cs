using FuncRec.Core.Metrics;
using FuncRec.Core.Sessions;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Evaluation;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.TestData;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class TrainingQualityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("funcrec-train-").FullName;

    [Theory]
    [InlineData(TrainingOptions.LastTargetPosition)]
    [InlineData(TrainingOptions.AllTargetPositions)]
    public async Task TrainAsync_SmallSequentialSlice_BeatsPopularityByClearMargin(string targetPositions)
    {
        const int items = 120;
        var train = SyntheticSessions.Generate(500, items, seed: 11);
        var test = SyntheticSessions.Generate(150, items, seed: 12, sessionPrefix: "t");
        var store = new CheckpointStore(new DirectoryCheckpointStorage(_dir));
        var trainer = new IncrementalTrainer(store,
            Options.Create(new ModelOptions { Dim = 32, MaxLength = 10, Blocks = 1, QueryBuckets = 16 }),
            Options.Create(new TrainingOptions { Epochs = 12, BatchSize = 64, LearningRate = 0.005, HoldoutFraction = 0, Threads = 1, Dropout = 0.1, TargetPositions = targetPositions,
                SessionNegatives = targetPositions == TrainingOptions.AllTargetPositions ? TrainingOptions.KeepSessionNegatives : TrainingOptions.MaskSessionNegatives }));

        var result = await trainer.TrainAsync(new TrainingRequest { Model = "m", Version = "v1", Mode = TrainingMode.Full, Data = new ListSessionSource("synthetic", train) });
        var (_, state) = await store.LoadAsync("m", "v1", CPU);
        using var _ = state;
        var model = CheckpointEvaluator.Evaluate(state.Model, state.IdMaps, test, null, CPU).Summary.At(10).Recall;

        // Popularity baseline under the same protocol: rank by training frequency.
        var counts = train.SelectMany(s => s.Events).GroupBy(e => e.ItemId).ToDictionary(g => g.Key, g => (float)g.Count());
        var ids = counts.Keys.ToList();
        var scores = ids.Select(i => counts[i]).ToArray();
        var popularity = new MetricAccumulator(10);
        foreach (var s in test)
        {
            var kept = s.Events.Where(e => counts.ContainsKey(e.ItemId)).ToList();
            for (var end = 1; end < kept.Count; end++)
            {
                popularity.Add(RankingMetrics.RankOf(scores, ids.IndexOf(kept[end].ItemId)));
            }
        }

        var baseline = popularity.Summarize().At(10).Recall;
        // Both layouts train on every prefix once per epoch.
        Assert.Equal(12L * train.Sum(s => Math.Max(0, s.Events.Count - 1)), result.ExamplesProcessed);
        Assert.True(model > baseline + 0.25, $"model recall@10 {model:F3} vs popularity {baseline:F3}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
