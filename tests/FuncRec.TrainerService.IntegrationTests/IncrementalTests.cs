using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;
using FuncRec.Testing;
using FuncRec.Trainer.Cooccurrence;

namespace FuncRec.TrainerService.IntegrationTests;

public sealed class IncrementalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task IncrementalJob_FromParent_AppendsRowsAndEqualsFullRetrain()
    {
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));
        var noHoldout = new Dictionary<string, string> { ["holdout_fraction"] = "0" };

        var parent = await RunAsync(trainer, Specs.Full(Specs.NewJobId("p")) with { Hyperparameters = noHoldout });
        var child = await RunAsync(trainer, Specs.Full(Specs.NewJobId("c"), slice: "diginetica:2") with
        {
            Mode = TrainingMode.Incremental,
            ParentVersion = parent.ProducedVersion,
            Hyperparameters = noHoldout,
        });
        var joint = await RunAsync(trainer, Specs.Full(Specs.NewJobId("j"), slice: "diginetica:1-2") with { Hyperparameters = noHoldout });

        var (parentManifest, parentMaps, _) = await ReadAsync(trainer, parent.ProducedVersion!);
        var (childManifest, childMaps, childWeights) = await ReadAsync(trainer, child.ProducedVersion!);
        var (_, jointMaps, jointWeights) = await ReadAsync(trainer, joint.ProducedVersion!);

        Assert.Equal(parent.ProducedVersion, childManifest.Parent);
        Assert.Equal("incremental", childManifest.Mode);
        Assert.True(childMaps.Extends(parentMaps), "a child keeps every parent row");
        Assert.True(childMaps.ItemRows > parentMaps.ItemRows, "period 2 brings new items");
        Assert.Equal(parentManifest.Counts["examples_total"] + childManifest.Counts["examples"], childManifest.Counts["examples_total"]);

        // With decay 1 the incremental chain accumulates exactly what a joint retrain computes (same rows, same
        // projection), up to float rounding: the warm start really carries the parent forward.
        Assert.Equal(jointMaps.ItemIds, childMaps.ItemIds);
        var childFactors = childWeights.Get(CooccurrenceTrainingExecutor.FactorsTensor).ToFloats();
        var jointFactors = jointWeights.Get(CooccurrenceTrainingExecutor.FactorsTensor).ToFloats();
        Assert.Equal(jointFactors.Length, childFactors.Length);
        var maxDiff = jointFactors.Zip(childFactors, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-3, $"max |joint - incremental| = {maxDiff}");
        Assert.Equal(
            jointWeights.Get(CooccurrenceTrainingExecutor.PopularityTensor).ToFloats(),
            childWeights.Get(CooccurrenceTrainingExecutor.PopularityTensor).ToFloats());
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
