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

    [Fact]
    public async Task Callback_FunctionKeyConfigured_SentAsHeaderAndAccepted()
    {
        await using var receiver = await CallbackReceiver.StartAsync(failFirst: 0, requiredKey: "k3y-for-callbacks");
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite), extraArgs: "--TrainerCallback:FunctionKey=k3y-for-callbacks");
        var jobId = Specs.NewJobId("cbkey");

        using var post = await trainer.PostAsync(Specs.Full(jobId, callback: receiver.Url));
        var callback = await receiver.Received.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(jobId, callback.JobId);
        Assert.Equal(0, receiver.Unauthorized);
    }

    [Fact]
    public async Task Callback_NoFunctionKeyForKeyedRoute_RejectedOnceWithoutRetry()
    {
        await using var receiver = await CallbackReceiver.StartAsync(failFirst: 0, requiredKey: "k3y-for-callbacks");
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));
        var jobId = Specs.NewJobId("cbnokey");

        using var post = await trainer.PostAsync(Specs.Full(jobId, callback: receiver.Url));
        var done = await trainer.WaitForTerminalAsync(jobId);

        // 401 is final (the workflow then polls), so it is sent once, not retried: wait for it, then for a retry that must not come.
        for (var waited = 0; receiver.Unauthorized == 0 && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(TrainingJobState.Succeeded, done.State);
        Assert.Equal(1, receiver.Unauthorized);
        Assert.False(receiver.Received.IsCompleted);
    }
}
