using System.Net;
using FuncRec.Core.Training;
using FuncRec.Testing;

namespace FuncRec.TrainerService.IntegrationTests;

public sealed class CallbackTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Callback_ReceiverDownForFirstAttempt_DeliveredOnRetry()
    {
        await using var receiver = await CallbackReceiver.StartAsync(failFirst: 1);
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));
        var jobId = Specs.NewJobId("cb");

        using var post = await trainer.PostAsync(Specs.Full(jobId, callback: receiver.Url));
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var done = await trainer.WaitForTerminalAsync(jobId);
        var callback = await receiver.Received.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(TrainingJobState.Succeeded, done.State);
        Assert.Equal(2, receiver.Attempts);
        Assert.Equal(jobId, callback.JobId);
        Assert.Equal(TrainingJobState.Succeeded, callback.State);
        Assert.Equal(done.ProducedVersion, callback.ProducedVersion);
        Assert.Equal(done.Metrics["recall@20"], callback.Metrics["recall@20"]);
    }

    [Fact]
    public async Task Callback_FailedJob_ReportsFailureAndReason()
    {
        await using var receiver = await CallbackReceiver.StartAsync(failFirst: 0);
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));
        var jobId = Specs.NewJobId("cbfail");

        // A parent that does not exist fails the job for good (no retry will create it).
        var spec = Specs.Full(jobId, callback: receiver.Url) with { Mode = TrainingMode.Incremental, ParentVersion = "v-missing" };
        using var post = await trainer.PostAsync(spec);
        var done = await trainer.WaitForTerminalAsync(jobId);
        var callback = await receiver.Received.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(TrainingJobState.Failed, done.State);
        Assert.Contains("v-missing", done.Error, StringComparison.Ordinal);
        Assert.Equal(TrainingJobState.Failed, callback.State);
        Assert.Equal(done.Error, callback.Error);
        Assert.Null(callback.ProducedVersion);
    }
}
