using FuncRec.Core.Updates;
using FuncRec.Testing;
using FuncRec.Workflow.Registry;

namespace FuncRec.Workflow.IntegrationTests;

public sealed class ModelRegistryTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private static readonly Dictionary<string, double> s_metrics = new() { ["recall@20"] = 0.5 };

    private async Task<WorkflowHarness> WithVersionsAsync(string model, params string[] versions)
    {
        var h = new WorkflowHarness(redis, azurite);
        var t0 = DateTimeOffset.UtcNow.AddDays(-1);
        string? parent = null;
        for (var i = 0; i < versions.Length; i++)
        {
            await TestCheckpoints.WriteVersionAsync(h.Container, model, versions[i], parent, TestCheckpoints.Items(4),
                TestCheckpoints.ClusteredEmbeddings(4, 4, 2, i), 4, t0.AddMinutes(i));
            parent = versions[i];
        }

        return h;
    }

    private static PromotionRequest Promote(string model, string version, string? expected, string op) =>
        new(model, version, expected, "test", "because", s_metrics, op);

    [Fact]
    public async Task Promote_TwoConcurrentPromoters_ExactlyOneWins()
    {
        for (var round = 0; round < 5; round++)
        {
            var model = $"race{round}";
            var h = await WithVersionsAsync(model, "v0", "a", "b");
            await TestCheckpoints.SetCurrentAsync(h.Container, model, "v0");

            // Two registry objects, as two processes would have.
            var registryB = new BlobModelRegistry(azurite.BlobService,
                Microsoft.Extensions.Options.Options.Create(new FuncRec.Infrastructure.Blob.BlobStorageOptions { ModelsContainer = h.Container.Name }),
                TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<BlobModelRegistry>.Instance);
            using var go = new ManualResetEventSlim();
            var first = Task.Run(async () => { go.Wait(); return await h.Registry.PromoteAsync(Promote(model, "a", "v0", "op-a")); });
            var second = Task.Run(async () => { go.Wait(); return await registryB.PromoteAsync(Promote(model, "b", "v0", "op-b")); });
            go.Set();
            var results = await Task.WhenAll(first, second);

            Assert.Single(results, r => r.Status == PromotionStatus.Promoted);
            Assert.Single(results, r => r.Status == PromotionStatus.Conflict);
            var winner = results.Single(r => r.Status == PromotionStatus.Promoted).Current;
            Assert.Equal(winner, (await h.Registry.GetCurrentAsync(model))!.Version);
            var log = await h.Registry.GetPromotionLogAsync(model);
            var entry = Assert.Single(log);
            Assert.Equal(winner, entry.Version);
            Assert.Equal("v0", entry.PreviousVersion);
        }
    }

    [Fact]
    public async Task Promote_FirstVersionWithNoCurrent_CreatesCurrentOnlyOnce()
    {
        var h = await WithVersionsAsync("first", "v0", "v1");
        Assert.Equal(PromotionStatus.Promoted, (await h.Registry.PromoteAsync(Promote("first", "v0", null, "op1"))).Status);
        Assert.Equal(PromotionStatus.Conflict, (await h.Registry.PromoteAsync(Promote("first", "v1", null, "op2"))).Status);
        Assert.Equal("v0", (await h.Registry.GetCurrentAsync("first"))!.Version);
    }

    [Fact]
    public async Task Promote_RetriedAfterSuccess_IsAlreadyCurrentAndLogsOnce()
    {
        var h = await WithVersionsAsync("retry", "v0", "v1");
        await TestCheckpoints.SetCurrentAsync(h.Container, "retry", "v0");
        Assert.Equal(PromotionStatus.Promoted, (await h.Registry.PromoteAsync(Promote("retry", "v1", "v0", "op"))).Status);
        var again = await h.Registry.PromoteAsync(Promote("retry", "v1", "v0", "op"));
        Assert.Equal(PromotionStatus.AlreadyCurrent, again.Status);
        Assert.True(again.Succeeded);
        Assert.Single(await h.Registry.GetPromotionLogAsync("retry"));
    }

    [Fact]
    public async Task Promote_IncompleteVersion_NotFoundAndCurrentUnchanged()
    {
        var h = await WithVersionsAsync("incomplete", "v0");
        await TestCheckpoints.SetCurrentAsync(h.Container, "incomplete", "v0");
        await TestCheckpoints.WriteVersionAsync(h.Container, "incomplete", "v1", "v0", TestCheckpoints.Items(4),
            TestCheckpoints.ClusteredEmbeddings(4, 4, 2, 9), 4, DateTimeOffset.UtcNow, withManifest: false);
        Assert.Equal(PromotionStatus.NotFound, (await h.Registry.PromoteAsync(Promote("incomplete", "v1", "v0", "op"))).Status);
        Assert.Equal("v0", (await h.Registry.GetCurrentAsync("incomplete"))!.Version);
        var listed = await h.Registry.ListVersionsAsync("incomplete");
        Assert.False(listed.Single(v => v.Version == "v1").IsComplete);
    }

    [Fact]
    public async Task Rollback_NoTarget_RestoresTheVersionCurrentReplaced()
    {
        var h = await WithVersionsAsync("rb", "v0", "v1", "v2");
        await TestCheckpoints.SetCurrentAsync(h.Container, "rb", "v0");
        await h.Registry.PromoteAsync(Promote("rb", "v2", "v0", "op"));
        var result = await h.Registry.RollbackAsync("rb", null, "ops", "bad metrics in prod");
        Assert.Equal(PromotionStatus.Promoted, result.Status);
        Assert.Equal("v0", (await h.Registry.GetCurrentAsync("rb"))!.Version);
        var log = await h.Registry.GetPromotionLogAsync("rb");
        Assert.Equal(["promote", "rollback"], log.Select(e => e.Action));
        Assert.Equal("ops", log[^1].Actor);
    }

    [Fact]
    public async Task Rollback_NamedVersion_ServesIt()
    {
        var h = await WithVersionsAsync("rbn", "v0", "v1", "v2");
        await TestCheckpoints.SetCurrentAsync(h.Container, "rbn", "v2");
        Assert.Equal(PromotionStatus.Promoted, (await h.Registry.RollbackAsync("rbn", "v1", "ops", "x")).Status);
        Assert.Equal("v1", (await h.Registry.GetCurrentAsync("rbn"))!.Version);
        Assert.Equal(PromotionStatus.NotFound, (await h.Registry.RollbackAsync("rbn", "nope", "ops", "x")).Status);
        Assert.Equal("v1", (await h.Registry.GetCurrentAsync("rbn"))!.Version);
    }

    [Fact]
    public async Task Retention_KeepsNewestPlusCurrentItsParentAndInUse()
    {
        var h = await WithVersionsAsync("ret", "v1", "v2", "v3", "v4", "v5", "v6");
        await TestCheckpoints.SetCurrentAsync(h.Container, "ret", "v3");
        var deleted = await h.Registry.ApplyRetentionAsync("ret", 2, ["v1"]);
        Assert.Equal(["v4"], deleted);
        var left = (await h.Registry.ListVersionsAsync("ret")).Select(v => v.Version).ToList();
        Assert.Equal(["v1", "v2", "v3", "v5", "v6"], left);
        Assert.Null(await h.Registry.ReadFileAsync("ret", "v4", FuncRec.Core.Checkpoints.CheckpointLayout.WeightsFile));
    }
}
