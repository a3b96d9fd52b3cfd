using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;
using FuncRec.Testing;
using FuncRec.Trainer.Cooccurrence;

namespace FuncRec.TrainerService.IntegrationTests;

public sealed class IncrementalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task IncrementalJob_FromParent_AppendsRowsAndCarriesParentForward()
    {
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));

        var parent = await RunAsync(trainer, Specs.Full(Specs.NewJobId("p")) with { HoldoutFraction = 0 });
        var child = await RunAsync(trainer, Specs.Full(Specs.NewJobId("c"), slice: "diginetica:2") with
        {
            Mode = TrainingMode.Incremental,
            ParentVersion = parent.ProducedVersion,
            HoldoutFraction = 0,
        });
        var joint = await RunAsync(trainer, Specs.Full(Specs.NewJobId("j"), slice: "diginetica:1-2") with { HoldoutFraction = 0 });

        var (parentManifest, parentMaps, _) = await ReadAsync(trainer, parent.ProducedVersion!);
        var (childManifest, childMaps, childWeights) = await ReadAsync(trainer, child.ProducedVersion!);
        var (_, jointMaps, jointWeights) = await ReadAsync(trainer, joint.ProducedVersion!);

        Assert.Equal(parent.ProducedVersion, childManifest.Parent);
        Assert.Equal("incremental", childManifest.Mode);
        Assert.True(childMaps.Extends(parentMaps), "a child keeps every parent row");
        Assert.True(childMaps.ItemRows > parentMaps.ItemRows, "period 2 brings new items");
        Assert.Equal(parentManifest.Counts["examples_total"] + childManifest.Counts["examples"], childManifest.Counts["examples_total"]);

        // Warm start carries the parent forward exactly (decay 1): popularity accumulates to what a joint
        // retrain over both periods counts, and an item period 2 never mentions keeps its parent factors.
        var (_, parentMapsAgain, parentWeights) = await ReadAsync(trainer, parent.ProducedVersion!);
        var parentPopularity = parentWeights.Get(CooccurrenceTrainingExecutor.PopularityTensor).ToFloats();
        var parentFactors = parentWeights.Get(CooccurrenceTrainingExecutor.FactorsTensor).ToFloats();
        var childPopularity = childWeights.Get(CooccurrenceTrainingExecutor.PopularityTensor).ToFloats();
        var childFactors = childWeights.Get(CooccurrenceTrainingExecutor.FactorsTensor).ToFloats();
        var jointPopularity = jointWeights.Get(CooccurrenceTrainingExecutor.PopularityTensor).ToFloats();
        Assert.Equal(jointMaps.ItemRows, childMaps.ItemRows);
        foreach (var id in childMaps.ItemIds)
        {
            Assert.Equal(jointPopularity[jointMaps.ItemRow(id)], childPopularity[childMaps.ItemRow(id)]);
        }

        const int Dim = 16;
        int unchanged = 0, moved = 0;
        for (var row = 1; row < parentMapsAgain.ItemRows; row++)
        {
            var parentRow = parentFactors.AsSpan(row * Dim, Dim);
            var childRow = childFactors.AsSpan(row * Dim, Dim);
            if (childPopularity[row] == parentPopularity[row])
            {
                Assert.True(parentRow.SequenceEqual(childRow), $"row {row} is not in period 2 but its factors changed");
                unchanged++;
            }
            else if (!parentRow.SequenceEqual(childRow))
            {
                moved++;
            }
        }

        Assert.True(unchanged > 1000, $"only {unchanged} parent items are absent from period 2");
        Assert.True(moved > 1000, $"only {moved} parent items gained co-occurrences in period 2");
    }

    private static async Task<TrainingJobStatus> RunAsync(TrainerInstance trainer, TrainingJobSpec spec)
    {
        using var post = await trainer.PostAsync(spec);
        post.EnsureSuccessStatusCode();
        var done = await trainer.WaitForTerminalAsync(spec.JobId);
        Assert.True(done.State == TrainingJobState.Succeeded, done.Error);
        return done;
    }

    private static async Task<(ModelManifest Manifest, ModelIdMaps Maps, SafeTensorsContent Weights)> ReadAsync(TrainerInstance trainer, string version)
    {
        async Task<BinaryData> Download(string file) =>
            (await trainer.Storage.Models.GetBlobClient(CheckpointLayout.VersionFile(Specs.Model, version, file)).DownloadContentAsync()).Value.Content;
        var manifest = (await Download(CheckpointLayout.ManifestFile)).ToObjectFromJson(CheckpointJsonContext.Default.ModelManifest)!;
        var maps = ModelIdMaps.Read((await Download(CheckpointLayout.IdMapFile)).ToStream());
        var weights = SafeTensorsFile.Read((await Download(CheckpointLayout.WeightsFile)).ToMemory());
        return (manifest, maps, weights);
    }
}
