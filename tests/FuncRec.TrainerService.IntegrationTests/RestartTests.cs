using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using FuncRec.Core.Training;
using FuncRec.Testing;
using FuncRec.Trainer.Jobs;

namespace FuncRec.TrainerService.IntegrationTests;

public sealed class RestartTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Trainer_KilledMidJob_RestartReportsFailedRetryableAndRetrySucceeds()
    {
        var storage = new TrainerStorage(azurite);
        var jobId = Specs.NewJobId("kill");
        var holder = new GatedExecutor.Holder();
        GatedExecutor zombie;

        // First trainer: the job is running and never yields, so stopping the host abandons it mid-run with the
        // record still saying Running, which is what a killed container leaves behind.
        var first = await TrainerInstance.StartAsync(storage, services: GatedExecutor.Register(holder, ignoreCancellation: true));
        try
        {
            using var post = await first.PostAsync(Specs.Full(jobId));
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
            zombie = holder.Executor!;
            await zombie.Entered.WaitAsync(TimeSpan.FromMinutes(1));
            await first.StopAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(TrainingJobState.Running, (await ReadRecordAsync(storage, jobId)).Status.State);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Second trainer over the same storage: the interrupted job is reported retryable, and a re-post retries it.
        await using var second = await TrainerInstance.StartAsync(storage);
        var interrupted = await second.GetStatusAsync(jobId);
        Assert.Equal(TrainingJobState.FailedRetryable, interrupted.State);
        Assert.Equal(TrainingJobRunner.InterruptedMessage, interrupted.Error);

        using var retry = await second.PostAsync(Specs.Full(jobId));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var done = await second.WaitForTerminalAsync(jobId);
        Assert.True(done.State == TrainingJobState.Succeeded, done.Error);
        Assert.Equal(2, (await ReadRecordAsync(storage, jobId)).Attempt);
        Assert.NotNull(done.ProducedVersion);

        // The abandoned first attempt finally ends; its late result must not overwrite the retry's.
        zombie.Open();
        await zombie.Exited.WaitAsync(TimeSpan.FromMinutes(1));
        var record = await ReadRecordAsync(storage, jobId);
        Assert.Equal(TrainingJobState.Succeeded, record.Status.State);
        Assert.Equal(done.ProducedVersion, record.Status.ProducedVersion);
    }

    [Fact]
    public async Task Trainer_StoppedGracefullyMidJob_RecordsFailedRetryable()
    {
        var storage = new TrainerStorage(azurite);
        var jobId = Specs.NewJobId("stop");
        var holder = new GatedExecutor.Holder();
        await using (var trainer = await TrainerInstance.StartAsync(storage, services: GatedExecutor.Register(holder)))
        {
            using var post = await trainer.PostAsync(Specs.Full(jobId));
            await holder.Executor!.Entered.WaitAsync(TimeSpan.FromMinutes(1));
            await trainer.StopAsync(TimeSpan.FromSeconds(30));
        }

        var record = await ReadRecordAsync(storage, jobId);
        Assert.Equal(TrainingJobState.FailedRetryable, record.Status.State);
        Assert.Equal(TrainingJobRunner.InterruptedMessage, record.Status.Error);
    }

    [Fact]
    public async Task Trainer_QueuedJobsAtStart_RunsThem()
    {
        var storage = new TrainerStorage(azurite);
        var jobId = Specs.NewJobId("queued");

        // A record accepted by a trainer that died before running it.
        var spec = Specs.Full(jobId);
        var container = storage.Operations;
        await container.CreateIfNotExistsAsync();
        var record = TrainingJobRecord.New(spec, DateTimeOffset.UtcNow);
        await container.GetBlobClient($"trainer-jobs/{jobId}.json").UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(record, TrainerJsonContext.Default.TrainingJobRecord)));

        await using var trainer = await TrainerInstance.StartAsync(storage);
        var done = await trainer.WaitForTerminalAsync(jobId);
        Assert.True(done.State == TrainingJobState.Succeeded, done.Error);
    }

    private static async Task<TrainingJobRecord> ReadRecordAsync(TrainerStorage storage, string jobId)
    {
        BlobDownloadResult content = await storage.Operations.GetBlobClient($"trainer-jobs/{jobId}.json").DownloadContentAsync();
        return content.Content.ToObjectFromJson(TrainerJsonContext.Default.TrainingJobRecord)!;
    }
}
