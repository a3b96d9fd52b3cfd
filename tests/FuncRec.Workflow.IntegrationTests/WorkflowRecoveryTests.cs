using System.Text.Json;
using FuncRec.Core.Updates;
using FuncRec.Testing;
using FuncRec.Workflow.Runner;
using Xunit.Abstractions;

namespace FuncRec.Workflow.IntegrationTests;

public sealed class WorkflowRecoveryTests(RedisFixture redis, AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private static readonly string[] s_onceActivities =
    [
        UpdateActivities.FreezeWindow, UpdateActivities.SubmitTrainingJob, UpdateActivities.EvaluateCandidate,
        UpdateActivities.PromoteCandidate, UpdateActivities.AdvanceWatermark, UpdateActivities.ApplyRetention, UpdateActivities.RecordOutcome,
    ];

    [Fact]
    public async Task Runner_KilledAfterEachHistoryAppend_FinishesWithoutReexecutingAndPromotesOnce()
    {
        var harness = new WorkflowHarness(redis, azurite);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        // A clean run first, to learn how many history appends a run makes.
        var clean = await RunWithCrashAtAsync(harness, "clean", crashAt: 0, timeout.Token);
        var appends = clean.History!.Count - 1;
        Assert.True(appends >= 12, $"a full run appends more than {appends} events");
        output.WriteLine($"clean run: {appends} appends; now crashing at each of them in turn");

        for (var k = 1; k <= appends; k++)
        {
            var status = await RunWithCrashAtAsync(harness, $"crash{k}", k, timeout.Token);
            await AssertFinishedOnceAsync(harness, $"crash{k}", status, $"crash at append {k}");
        }
    }

    [Fact]
    public async Task Runner_KilledAtEveryAppendInTurn_StillFinishesOnce()
    {
        // One instance, a new runner after every single append: the harshest restart schedule.
        var harness = new WorkflowHarness(redis, azurite);
        var model = "chain";
        await harness.SeedAsync(model);
        harness.Invocations.Clear();
        var id = UpdateActivities.InstanceId(model);
        var first = harness.NewRunner();
        harness.Trainer.Callback = s => first.RaiseEventAsync(id, UpdateActivities.TrainingCompletedEvent, s);
        Assert.True((await first.StartAsync(UpdateActivities.Orchestrator, id, harness.Request(model))).Started);
        WorkflowInstanceStatus? status = null;
        for (var restart = 0; restart < 200; restart++)
        {
            var runner = harness.NewRunner();
            runner.HistoryAppended = _ => throw new SimulatedCrashException();
            try
            {
                status = await runner.RunAsync(id, CancellationToken.None);
                break;
            }
            catch (SimulatedCrashException)
            {
            }
        }

        status = await harness.NewRunner().GetStatusAsync(id, includeHistory: true);
        await AssertFinishedOnceAsync(harness, model, status, "crash at every append");
    }

    private static async Task<WorkflowInstanceStatus> RunWithCrashAtAsync(WorkflowHarness harness, string model, int crashAt, CancellationToken ct)
    {
        await harness.SeedAsync(model);
        harness.Invocations.Clear();
        var id = UpdateActivities.InstanceId(model);
        var runnerA = harness.NewRunner();
        harness.Trainer.Callback = s => runnerA.RaiseEventAsync(id, UpdateActivities.TrainingCompletedEvent, s);
        var appended = 0;
        runnerA.HistoryAppended = _ => ++appended == crashAt ? throw new SimulatedCrashException() : ValueTask.CompletedTask;
        Assert.True((await runnerA.StartAsync(UpdateActivities.Orchestrator, id, harness.Request(model), ct)).Started);
        try
        {
            await runnerA.RunAsync(id, ct);
        }
        catch (SimulatedCrashException)
        {
        }

        // A new runner object over the same Redis, as after a process restart.
        var runnerB = harness.NewRunner();
        await runnerB.RunAsync(id, ct);
        return (await runnerB.GetStatusAsync(id, includeHistory: true, ct))!;
    }

    private static async Task AssertFinishedOnceAsync(WorkflowHarness harness, string model, WorkflowInstanceStatus? status, string scenario)
    {
        Assert.NotNull(status);
        Assert.True(status.RuntimeStatus == WorkflowRuntimeStatus.Completed, $"{scenario}: {status.RuntimeStatus} {status.Error}");
        var outcome = JsonSerializer.Deserialize(status.Output!, UpdateJsonContext.Default.UpdateOutcome)!;
        Assert.True(outcome.Kind == UpdateOutcomeKind.Promoted, $"{scenario}: {outcome.Kind} {outcome.Detail}");

        foreach (var name in s_onceActivities)
        {
            Assert.True(harness.Invocations.GetValueOrDefault(name) == 1, $"{scenario}: {name} ran {harness.Invocations.GetValueOrDefault(name)} times");
        }

        // Polls are separate activities; each ran once: as many invocations as recorded completions.
        var polls = status.History!.Count(e => e.Type == HistoryEventType.ActivityCompleted && e.Name == UpdateActivities.GetTrainingJobStatus);
        Assert.Equal(polls, harness.Invocations.GetValueOrDefault(UpdateActivities.GetTrainingJobStatus));

        var log = await harness.Registry.GetPromotionLogAsync(model);
        Assert.Single(log, e => e.Action == "promote");
        Assert.Equal(outcome.CandidateVersion, (await harness.Registry.GetCurrentAsync(model))!.Version);

        // The frozen 500 were subtracted exactly once; the events that arrived during training stay pending.
        Assert.Equal(harness.LateEventsDuringTraining, await harness.PendingEventsAsync(model));
        Assert.Single(await harness.State.GetOutcomesAsync(model));
    }
}
