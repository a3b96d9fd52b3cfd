using System.Text.Json;
using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;
using FuncRec.Testing;
using FuncRec.Workflow.Admin;
using FuncRec.Workflow.Runner;

namespace FuncRec.Workflow.IntegrationTests;

public sealed class UpdateCoordinationTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Coordinator_TriggersWhileRunning_CoalescedIntoOneFollowUpThatRunsAfter()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.SeedAsync("m1");
        var runner = h.NewRunner();
        var coordinator = h.Coordinator(runner);

        var first = await coordinator.EvaluateAsync("m1", new ManualUpdateRequest("ops", "first"), CancellationToken.None);
        Assert.True(first.Started);

        // The instance is pending (not yet driven): every further trigger coalesces; threshold ones too.
        await h.Redis.GetDatabase().HashSetAsync(h.Features.PendingCounters("m1"), "events", 1_000_000);
        var second = await coordinator.EvaluateAsync("m1", new ManualUpdateRequest("ops", "second"), CancellationToken.None);
        var third = await coordinator.EvaluateAsync("m1", null, CancellationToken.None);
        Assert.Equal(UpdateAction.Coalesce, second.Decision.Action);
        Assert.Equal(UpdateAction.Coalesce, third.Decision.Action);
        Assert.False(second.Started || third.Started);

        var done = await runner.RunAsync(UpdateActivities.InstanceId("m1"), CancellationToken.None);
        Assert.Equal(WorkflowRuntimeStatus.Completed, done!.RuntimeStatus);

        var followUp = await coordinator.EvaluateAsync("m1", null, CancellationToken.None);
        Assert.True(followUp.Started, followUp.Message);
        Assert.Equal(UpdateTrigger.FollowUp, followUp.Decision.Trigger);
        Assert.False(await h.State.HasFollowUpAsync("m1"));
        var again = await coordinator.EvaluateAsync("m1", null, CancellationToken.None);
        Assert.False(again.Started);
        var input = JsonSerializer.Deserialize((await runner.GetStatusAsync(UpdateActivities.InstanceId("m1")))!.Input!, UpdateJsonContext.Default.UpdateRequest)!;
        Assert.Equal(2, input.Sequence);
    }

    [Fact]
    public async Task Coordinator_PolicyFollowUpAfterItsWindowWasTrained_DroppedUntilNewDataMeetsARule()
    {
        var h = new WorkflowHarness(redis, azurite);
        h.UpdatesOptions.Policy = new UpdatePolicyOptions { MinPendingEvents = 100 };
        await h.SeedAsync("fd");
        var runner = h.NewRunner();
        var coordinator = h.Coordinator(runner);
        var first = await coordinator.EvaluateAsync("fd", null, CancellationToken.None);
        Assert.True(first.Started, first.Message);

        // While it waits to run, the same pending events fire the threshold again: coalesced.
        var during = await coordinator.EvaluateAsync("fd", null, CancellationToken.None);
        Assert.Equal(UpdateAction.Coalesce, during.Decision.Action);
        var status = await runner.RunAsync(first.InstanceId, CancellationToken.None);
        Assert.Equal(UpdateOutcomeKind.Promoted, JsonSerializer.Deserialize(status!.Output!, UpdateJsonContext.Default.UpdateOutcome)!.Kind);

        // The run trained every event the follow-up was counted on: it is taken and dropped, with the reason.
        var dropped = await coordinator.EvaluateAsync("fd", null, CancellationToken.None);
        Assert.False(dropped.Started);
        Assert.Equal(UpdateAction.None, dropped.Decision.Action);
        Assert.StartsWith("coalesced follow-up dropped", dropped.Message, StringComparison.Ordinal);
        Assert.Contains($"events {h.LateEventsDuringTraining}/100", dropped.Message, StringComparison.Ordinal);
        Assert.False(await h.State.HasFollowUpAsync("fd"));

        await h.Redis.GetDatabase().HashIncrementAsync(h.Features.PendingCounters("fd"), "events", 150);
        var next = await coordinator.EvaluateAsync("fd", null, CancellationToken.None);
        Assert.True(next.Started, next.Message);
        Assert.Equal(UpdateTrigger.Threshold, next.Decision.Trigger);
        await runner.RunAsync(next.InstanceId, CancellationToken.None);
    }

    [Fact]
    public async Task Runner_StartWhileRunning_RefusedAsSingleton()
    {
        var h = new WorkflowHarness(redis, azurite);
        var runner = h.NewRunner();
        var id = UpdateActivities.InstanceId("m2");
        Assert.True((await runner.StartAsync(UpdateActivities.Orchestrator, id, h.Request("m2"))).Started);
        var second = await runner.StartAsync(UpdateActivities.Orchestrator, id, h.Request("m2", 2));
        Assert.False(second.Started);
        Assert.Contains("already running", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_TrainerJobFails_RecordsFailedOutcomeAndBacksOff()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.SeedAsync("m3");
        h.Trainer.ResultState = _ => TrainingJobState.FailedRetryable;
        var runner = h.NewRunner();
        var id = UpdateActivities.InstanceId("m3");
        await runner.StartAsync(UpdateActivities.Orchestrator, id, h.Request("m3"));
        var status = await runner.RunAsync(id, CancellationToken.None);

        Assert.Equal(WorkflowRuntimeStatus.Completed, status!.RuntimeStatus);
        var outcome = JsonSerializer.Deserialize(status.Output!, UpdateJsonContext.Default.UpdateOutcome)!;
        Assert.Equal(UpdateOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(UpdateActivities.SubmitTrainingJob, outcome.FailedStep);

        // The first submission plus MaxJobResubmissions, each with its own idempotent job id.
        Assert.Equal(1 + h.UpdatesOptions.MaxJobResubmissions, h.Trainer.Submissions);
        Assert.Equal("v0", (await h.Registry.GetCurrentAsync("m3"))!.Version);
        var recorded = Assert.Single(await h.State.GetOutcomesAsync("m3"));
        Assert.Equal(UpdateOutcomeKind.Failed, recorded.Kind);
        var decision = await h.Coordinator(runner).EvaluateAsync("m3", new ManualUpdateRequest("ops", "retry now"), CancellationToken.None);
        Assert.Equal(UpdateAction.Defer, decision.Decision.Action);
    }

    [Fact]
    public async Task Coordinator_AfterRejectionWithNothingNewIngested_WaitsForNewDataThenStarts()
    {
        var h = new WorkflowHarness(redis, azurite, _ => new FixedEvaluator(candidateRecall: 0.3, championRecall: 0.5));
        h.UpdatesOptions.Policy = new UpdatePolicyOptions { MinPendingEvents = 100, FailureBackoff = TimeSpan.FromMilliseconds(1) };
        await h.SeedAsync("nn");
        var runner = h.NewRunner();
        var coordinator = h.Coordinator(runner);
        var first = await coordinator.EvaluateAsync("nn", null, CancellationToken.None);
        Assert.True(first.Started, first.Message);
        var status = await runner.RunAsync(first.InstanceId, CancellationToken.None);
        Assert.Equal(UpdateOutcomeKind.Rejected, JsonSerializer.Deserialize(status!.Output!, UpdateJsonContext.Default.UpdateOutcome)!.Kind);
        await Task.Delay(10);

        // The rejected window is still pending (500 events over the threshold), but nothing arrived since it was frozen.
        var again = await coordinator.EvaluateAsync("nn", null, CancellationToken.None);
        Assert.Equal(UpdateAction.None, again.Decision.Action);
        Assert.Contains("nothing new since the last rejected or failed run", again.Message, StringComparison.Ordinal);

        await h.Redis.GetDatabase().HashSetAsync(h.State.Keys.IngestedWatermarks(), "funcrec.behavior/0", 1300);
        var afterNewData = await coordinator.EvaluateAsync("nn", null, CancellationToken.None);
        Assert.True(afterNewData.Started, afterNewData.Message);
        await runner.RunAsync(afterNewData.InstanceId, CancellationToken.None);
    }

    [Fact]
    public async Task Workflow_ActivityKeepsThrowing_RecordedAsFailedStepNotSilentStop()
    {
        // The evaluator cannot run: EvaluateCandidate throws every attempt.
        var failing = new WorkflowHarness(redis, azurite, _ => new BrokenEvaluator());
        await failing.SeedAsync("m1");
        var runner = failing.NewRunner();
        var id = UpdateActivities.InstanceId("m1");
        await runner.StartAsync(UpdateActivities.Orchestrator, id, failing.Request("m1"));
        var status = await runner.RunAsync(id, CancellationToken.None);

        var outcome = JsonSerializer.Deserialize(status!.Output!, UpdateJsonContext.Default.UpdateOutcome)!;
        Assert.Equal(UpdateOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(UpdateActivities.EvaluateCandidate, outcome.FailedStep);
        Assert.Contains("evaluation storage is unreachable", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(failing.UpdatesOptions.ActivityMaxAttempts, failing.Invocations[UpdateActivities.EvaluateCandidate]);
        Assert.Equal("v0", (await failing.Registry.GetCurrentAsync("m1"))!.Version);
        Assert.Single(await failing.State.GetOutcomesAsync("m1"));
    }

    [Fact]
    public async Task Workflow_TrainerNeverAnswers_TimesOutOnDurableTimerAsFailed()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.SeedAsync("m1");
        h.Trainer.ResultState = _ => TrainingJobState.Running;
        h.UpdatesOptions.TrainingTimeout = TimeSpan.FromSeconds(1);
        var runner = h.NewRunner();
        var id = UpdateActivities.InstanceId("m1");
        await runner.StartAsync(UpdateActivities.Orchestrator, id, h.Request("m1"));
        var status = await runner.RunAsync(id, CancellationToken.None);

        var outcome = JsonSerializer.Deserialize(status!.Output!, UpdateJsonContext.Default.UpdateOutcome)!;
        Assert.Equal(UpdateOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("no result within", outcome.Detail, StringComparison.Ordinal);
        var history = (await runner.GetStatusAsync(id, includeHistory: true))!.History!;
        Assert.Contains(history, e => e.Type == HistoryEventType.TimerFired);
        Assert.True(h.Invocations.GetValueOrDefault(UpdateActivities.GetTrainingJobStatus) >= 1);
        Assert.Equal("v0", (await h.Registry.GetCurrentAsync("m1"))!.Version);
    }

    [Fact]
    public async Task Admin_BadInput_ClearStatusCodes()
    {
        var h = new WorkflowHarness(redis, azurite);
        var admin = h.Admin(h.NewRunner());
        Assert.Equal(400, (await admin.TriggerUpdateAsync("bad name!", new TriggerUpdateCommand("ops", "x"), CancellationToken.None)).StatusCode);
        Assert.Equal(404, (await admin.TriggerUpdateAsync("unknown", new TriggerUpdateCommand("ops", "x"), CancellationToken.None)).StatusCode);
        var missing = await admin.TriggerUpdateAsync("m1", new TriggerUpdateCommand(null, "x"), CancellationToken.None);
        Assert.Equal(400, missing.StatusCode);
        Assert.Contains("requestedBy", missing.Message, StringComparison.Ordinal);
        Assert.Equal(400, (await admin.RollbackAsync("m1", new RollbackCommand("../x", "ops", "x"), CancellationToken.None)).StatusCode);
        Assert.Equal(404, (await admin.RollbackAsync("m1", new RollbackCommand(null, "ops", "x"), CancellationToken.None)).StatusCode);
        Assert.Equal(404, (await admin.TrainingCallbackAsync("m1", new TrainingJobStatus { JobId = "j" }, CancellationToken.None)).StatusCode);
        Assert.Equal(400, (await admin.TrainingCallbackAsync("m1", null, CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task Admin_TriggerStatusCallbackVersionsRollback_EndToEnd()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.SeedAsync("m2");
        var runner = h.NewRunner();
        var admin = h.Admin(runner);

        var trigger = await admin.TriggerUpdateAsync("m2", new TriggerUpdateCommand("ops", "new catalog"), CancellationToken.None);
        Assert.Equal(202, trigger.StatusCode);
        Assert.True(trigger.Value!.Started);
        Assert.Equal(202, (await admin.TriggerUpdateAsync("m2", new TriggerUpdateCommand("ops", "again"), CancellationToken.None)).StatusCode);

        var status = await admin.GetStatusAsync("m2", CancellationToken.None);
        Assert.Equal(200, status.StatusCode);
        Assert.True(status.Value!.Instance!.IsRunning);
        Assert.True(status.Value.FollowUpPending);
        Assert.Equal(500, status.Value.Pending.Events);
        Assert.Equal("v0", status.Value.CurrentVersion);

        // The trainer's callback arrives through the admin handler, as through the HTTP route.
        h.Trainer.Callback = s => admin.TrainingCallbackAsync("m2", s, CancellationToken.None);
        var done = await runner.RunAsync(UpdateActivities.InstanceId("m2"), CancellationToken.None);
        Assert.Equal(WorkflowRuntimeStatus.Completed, done!.RuntimeStatus);

        var versions = await admin.ListVersionsAsync("m2", CancellationToken.None);
        Assert.Equal(2, versions.Value!.Versions.Count);
        Assert.NotEqual("v0", versions.Value.CurrentVersion);

        var after = await admin.GetStatusAsync("m2", CancellationToken.None);
        Assert.Equal(UpdateOutcomeKind.Promoted, after.Value!.LastOutcomes[0].Kind);
        Assert.Equal(1200, after.Value.ConsumedWatermarks["funcrec.behavior/0"]);

        var rollback = await admin.RollbackAsync("m2", new RollbackCommand(null, "ops", "regression"), CancellationToken.None);
        Assert.Equal(200, rollback.StatusCode);
        Assert.Equal("v0", rollback.Value!.Current);
    }
}
