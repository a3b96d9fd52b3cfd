using System.Text.Json;
using FuncRec.Core.Updates;
using FuncRec.Testing;
using FuncRec.Workflow.Evaluation;
using FuncRec.Workflow.Runner;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.IntegrationTests;

/// <summary>
/// A drive that loses its lease while a long CPU-bound activity runs (what happened in a long demo: the lease
/// expired during EvaluateCandidate and the worker re-drove the instance while the first evaluation still ran,
/// two TorchSharp evaluations at once). The drive must stop, wait for its activity, and only then let the worker
/// drive the instance again.
/// </summary>
public sealed class LeaseLossTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Worker_LeaseTakenOverWhileActivityBlocks_NeverRunsItTwiceAtOnceAndFinishesOnce()
    {
        BlockingEvaluator evaluator = null!;
        var h = new WorkflowHarness(redis, azurite, _ => evaluator = new BlockingEvaluator(new FixedEvaluator(0.5, 0.4), TimeSpan.FromSeconds(3)));
        const string Model = "lease";
        await h.SeedAsync(Model);
        var options = new LocalWorkflowRunnerOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            InboxPollInterval = TimeSpan.FromMilliseconds(20),
            WorkerPollInterval = TimeSpan.FromMilliseconds(100),
        };
        var runner = h.NewRunner(options);
        var id = UpdateActivities.InstanceId(Model);
        h.Trainer.Callback = s => runner.RaiseEventAsync(id, UpdateActivities.TrainingCompletedEvent, s);
        Assert.True((await runner.StartAsync(UpdateActivities.Orchestrator, id, h.Request(Model))).Started);

        using var worker = new LocalWorkflowWorker(runner, h.Coordinator(runner), Options.Create(options), Options.Create(h.UpdatesOptions),
            TimeProvider.System, NullLogger<LocalWorkflowWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        WorkflowInstanceStatus status;
        try
        {
            await evaluator.FirstEntered.WaitAsync(TimeSpan.FromMinutes(1));

            // Another runner takes the lease over for a moment (as after an expiry): the drive's next renewal finds
            // it gone. The foreign lease expires long before the blocked evaluation ends, so a worker that re-drove
            // at once would start the evaluation again while the first one still runs.
            await h.Redis.GetDatabase().StringSetAsync(new RedisWorkflowKeys(h.Prefix).Lease(id), "another-runner", TimeSpan.FromSeconds(1));
            status = await WaitForEndAsync(runner, id);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(1, evaluator.MaxConcurrency);
        Assert.True(evaluator.Calls == 2, $"the evaluation ran {evaluator.Calls} times: once in the drive that lost the lease, once after");
        Assert.True(status.RuntimeStatus == WorkflowRuntimeStatus.Completed, $"{status.RuntimeStatus} {status.Error}");
        var outcome = JsonSerializer.Deserialize(status.Output!, UpdateJsonContext.Default.UpdateOutcome)!;
        Assert.True(outcome.Kind == UpdateOutcomeKind.Promoted, $"{outcome.Kind} {outcome.Detail}");
        Assert.Single(await h.Registry.GetPromotionLogAsync(Model), e => e.Action == "promote");
        Assert.Single(await h.State.GetOutcomesAsync(Model));
        foreach (var name in new[] { UpdateActivities.FreezeWindow, UpdateActivities.SubmitTrainingJob, UpdateActivities.PromoteCandidate, UpdateActivities.RecordOutcome })
        {
            Assert.True(h.Invocations.GetValueOrDefault(name) == 1, $"{name} ran {h.Invocations.GetValueOrDefault(name)} times");
        }
    }

    private static async Task<WorkflowInstanceStatus> WaitForEndAsync(LocalWorkflowRunner runner, string id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = (await runner.GetStatusAsync(id))!;
            if (!status.IsRunning || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Blocks its thread like a CPU-bound TorchSharp evaluation (ignoring cancellation, as native code does), and
    /// records how many calls overlapped.
    /// </summary>
    private sealed class BlockingEvaluator(ICandidateEvaluator inner, TimeSpan block) : ICandidateEvaluator
    {
        private readonly TaskCompletionSource _firstEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private int _maxConcurrency;
        private int _calls;

        public Task FirstEntered => _firstEntered.Task;

        public int MaxConcurrency => Volatile.Read(ref _maxConcurrency);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxConcurrency, running);
            try
            {
                _firstEntered.TrySetResult();
                Thread.Sleep(block);
                return await inner.EvaluateAsync(request, CancellationToken.None);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
