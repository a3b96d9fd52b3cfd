using System.Text.Json;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;
using FuncRec.Testing;
using FuncRec.Trainer.Hosting;

namespace FuncRec.TrainerService.IntegrationTests;

public sealed class TrainCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TrainCommand_SpecFile_ExitsZeroAndRerunDoesNotTrainAgain()
    {
        var storage = new TrainerStorage(azurite);
        var spec = Specs.Full(Specs.NewJobId("cli"));
        var path = Path.Combine(Path.GetTempPath(), $"{spec.JobId}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(spec, TrainingJsonContext.Default.TrainingJobSpec));
        try
        {
            string[] args = ["--spec", path, .. storage.ConfigurationArgs(), "--CooccurrenceTrainer:Dim=16", "--Trainer:Threads=1", "--Logging:LogLevel:Default=Warning"];
            Assert.Equal(TrainJobCommand.Succeeded, await TrainJobCommand.RunAsync(args));
            Assert.Equal(1, await CountVersionsAsync(storage));

            // A Container Apps job re-run of the same spec reports the finished job without training again.
            Assert.Equal(TrainJobCommand.Succeeded, await TrainJobCommand.RunAsync(args));
            Assert.Equal(1, await CountVersionsAsync(storage));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TrainCommand_InvalidSpec_ExitsWithUsageCode()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"jobId":"x","model":"m","mode":"full","window":{"datasetSlice":"diginetica:40"}}""");
        try
        {
            Assert.Equal(TrainJobCommand.Usage, await TrainJobCommand.RunAsync(["--spec", path, .. new TrainerStorage(azurite).ConfigurationArgs()]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TrainCommand_JobFails_ExitsNonZero()
    {
        var storage = new TrainerStorage(azurite);
        var spec = Specs.Full(Specs.NewJobId("clifail")) with { Hyperparameters = new Dictionary<string, string> { ["no_such_knob"] = "1" } };
        var path = Path.Combine(Path.GetTempPath(), $"{spec.JobId}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(spec, TrainingJsonContext.Default.TrainingJobSpec));
        try
        {
            Assert.Equal(TrainJobCommand.Failed, await TrainJobCommand.RunAsync(["--spec", path, .. storage.ConfigurationArgs(), "--Logging:LogLevel:Default=Warning"]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<int> CountVersionsAsync(TrainerStorage storage)
    {
        var count = 0;
        await foreach (var blob in storage.Models.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, CheckpointLayout.VersionsPrefix(Specs.Model), default))
        {
            count += blob.Name.EndsWith(CheckpointLayout.ManifestFile, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
