using System.Text.Json;
using FuncRec.Core.Updates;
using FuncRec.Testing;
using FuncRec.Workflow.Runner;
using Xunit.Abstractions;

namespace FuncRec.Workflow.IntegrationTests;

/// <summary>
/// The gate on a real evaluation: a dot-product next-item evaluation of each version's item embeddings on
/// held-out within-cluster pairs. The poisoned candidate has its embedding rows permuted, which is what
/// training on shuffled labels produces, so its recall on the slice is genuinely worse.
/// </summary>
public sealed class EvaluationGateTests(RedisFixture redis, AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private static IReadOnlyList<(string, string)> Slice()
    {
        var pairs = new List<(string, string)>();
        for (var a = 0; a < WorkflowHarness.Items; a++)
        {
            for (var b = 0; b < WorkflowHarness.Items; b++)
            {
                if (a != b && a / WorkflowHarness.ClusterSize == b / WorkflowHarness.ClusterSize)
                {
                    pairs.Add(($"item{a}", $"item{b}"));
                }
            }
        }

        return pairs;
    }

    private async Task<(WorkflowHarness Harness, UpdateOutcome Outcome)> RunAsync(string model, Func<float[], float[]> candidateWeights)
    {
        var h = new WorkflowHarness(redis, azurite, harness => new DotProductEvaluator(harness.Registry, Slice()))
        {
            CandidateWeights = candidateWeights,
        };
        await h.SeedAsync(model);
        var runner = h.NewRunner();
        var id = UpdateActivities.InstanceId(model);
        Assert.True((await runner.StartAsync(UpdateActivities.Orchestrator, id, h.Request(model))).Started);
        var status = await runner.RunAsync(id, CancellationToken.None);
        Assert.Equal(WorkflowRuntimeStatus.Completed, status!.RuntimeStatus);
        var outcome = JsonSerializer.Deserialize(status.Output!, UpdateJsonContext.Default.UpdateOutcome)!;
        output.WriteLine($"{model}: {outcome.Kind}: {outcome.Detail}");
        return (h, outcome);
    }

    [Fact]
    public async Task Gate_PoisonedCandidate_RejectedAndCurrentUnchanged()
    {
        var (h, outcome) = await RunAsync("poisoned", parent => TestCheckpoints.PermuteRows(parent, WorkflowHarness.Dim, seed: 42));

        Assert.Equal(UpdateOutcomeKind.Rejected, outcome.Kind);
        Assert.Contains("recall@20: candidate", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("< champion", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal("v0", (await h.Registry.GetCurrentAsync("poisoned"))!.Version);
        var log = await h.Registry.GetPromotionLogAsync("poisoned");
        Assert.Equal("reject", Assert.Single(log).Action);

        // A rejected window is not consumed: it stays pending for the next run.
        Assert.Equal(500 + h.LateEventsDuringTraining, await h.PendingEventsAsync("poisoned"));
        Assert.Equal(1, (await h.State.ReadPacingAsync("poisoned", DateTimeOffset.UtcNow)).ConsecutiveFailures);
    }

    [Fact]
    public async Task Gate_HealthyCandidate_PromotedOnTheSameEvaluation()
    {
        var (h, outcome) = await RunAsync("healthy", parent => parent.Select(v => v * 1.01f).ToArray());

        Assert.True(outcome.Kind == UpdateOutcomeKind.Promoted, outcome.Detail);
        Assert.Equal(outcome.CandidateVersion, (await h.Registry.GetCurrentAsync("healthy"))!.Version);
        Assert.True(outcome.Metrics["recall@20"] > 0.9, $"recall {outcome.Metrics["recall@20"]}");
    }

    [Fact]
    public async Task Gate_CandidateWithNaNWeights_RejectedBySanityCheck()
    {
        var (h, outcome) = await RunAsync("nan", parent =>
        {
            var w = parent.ToArray();
            w[^1] = float.NaN;
            return w;
        });

        Assert.Equal(UpdateOutcomeKind.Rejected, outcome.Kind);
        Assert.Contains("non-finite", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal("v0", (await h.Registry.GetCurrentAsync("nan"))!.Version);
    }
}
