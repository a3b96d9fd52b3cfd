using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;
using FuncRec.Testing;
using FuncRec.Trainer.Cooccurrence;

namespace FuncRec.TrainerService.IntegrationTests;

public sealed class JobLifecycleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PostJob_DatasetSlice_ShowsProgressThenWritesCompleteVersion()
    {
        var holder = new GatedExecutor.Holder();
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite), services: GatedExecutor.Register(holder));
        var jobId = Specs.NewJobId("life");

        using var post = await trainer.PostAsync(Specs.Full(jobId));
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Equal($"/jobs/{jobId}", post.Headers.Location?.OriginalString);

        // Held mid-run: the status shows Running with the progress the executor reported.
        var running = await trainer.WaitForAsync(jobId, s => s.ProgressPercent > 0);
        Assert.Equal(TrainingJobState.Running, running.State);
        Assert.Equal(GatedExecutor.HeldProgress * 100, running.ProgressPercent, precision: 1);

        holder.Executor!.Open();
        var done = await trainer.WaitForTerminalAsync(jobId);
        Assert.True(done.State == TrainingJobState.Succeeded, done.Error);
        Assert.Equal(100, done.ProgressPercent);
        Assert.NotNull(done.ProducedVersion);
        Assert.InRange(done.Metrics["recall@20"], 0.01, 1.0);

        // The version is complete in blob storage: manifest last, every file matching its sha256.
        var models = trainer.Storage.Models;
        var manifestJson = (await models.GetBlobClient(CheckpointLayout.VersionFile(Specs.Model, done.ProducedVersion, CheckpointLayout.ManifestFile))
            .DownloadContentAsync()).Value.Content;
        var manifest = manifestJson.ToObjectFromJson(CheckpointJsonContext.Default.ModelManifest)!;
        Assert.Equal(done.ProducedVersion, manifest.Version);
        Assert.Equal("full", manifest.Mode);
        Assert.Equal("diginetica:1", manifest.Window.DatasetSlice);
        Assert.Equal(37_586, manifest.Counts["interactions"]);
        Assert.Equal(CheckpointLayout.DataFiles.Order(), manifest.Sha256.Keys.Order());
        var files = new Dictionary<string, byte[]>();
        foreach (var (name, sha) in manifest.Sha256)
        {
            var bytes = (await models.GetBlobClient(CheckpointLayout.VersionFile(Specs.Model, done.ProducedVersion, name)).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            files[name] = bytes;
        }

        var maps = ModelIdMaps.Read(new MemoryStream(files[CheckpointLayout.IdMapFile]));
        var weights = SafeTensorsFile.Read(files[CheckpointLayout.WeightsFile]);
        Assert.Equal([maps.ItemRows, 16L], weights.Get(CooccurrenceTrainingExecutor.FactorsTensor).Shape);
        Assert.Equal(manifest.Counts["items"] + 1, maps.ItemRows);
        var popularity = weights.Get(CooccurrenceTrainingExecutor.PopularityTensor).ToFloats();
        Assert.Equal(0f, popularity[0]);
        Assert.Equal(manifest.Counts["train_interactions"], (long)popularity.Sum());
        Assert.True(manifest.Counts["train_interactions"] < manifest.Counts["interactions"], "the held-out sessions are not trained on");
    }

    [Fact]
    public async Task PostJob_SameIdTwice_RunsOnceAndDifferentSpecConflicts()
    {
        var holder = new GatedExecutor.Holder();
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite), services: GatedExecutor.Register(holder));
        var jobId = Specs.NewJobId("idem");

        using var first = await trainer.PostAsync(Specs.Full(jobId));
        using var second = await trainer.PostAsync(Specs.Full(jobId));
        using var conflict = await trainer.PostAsync(Specs.Full(jobId, slice: "diginetica:2"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("different spec", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        holder.Executor!.Open();
        var done = await trainer.WaitForTerminalAsync(jobId);
        Assert.Equal(TrainingJobState.Succeeded, done.State);

        // Posting again after success reports the same result and starts nothing.
        using var third = await trainer.PostAsync(Specs.Full(jobId));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var again = JsonSerializer.Deserialize(await third.Content.ReadAsStringAsync(), TrainingJsonContext.Default.TrainingJobStatus)!;
        Assert.Equal(done.ProducedVersion, again.ProducedVersion);
        Assert.Equal(1, holder.Executor.Runs);
        var versions = new List<string>();
        await foreach (var blob in trainer.Storage.Models.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, CheckpointLayout.VersionsPrefix(Specs.Model), default))
        {
            if (blob.Name.EndsWith(CheckpointLayout.ManifestFile, StringComparison.Ordinal))
            {
                versions.Add(blob.Name);
            }
        }

        Assert.Single(versions);
    }

    [Fact]
    public async Task GetJob_UnknownId_Returns404()
    {
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));
        using var response = await trainer.Client.GetAsync("/jobs/no-such-job");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
