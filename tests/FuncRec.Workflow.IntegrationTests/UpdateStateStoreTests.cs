using FuncRec.Testing;
using StackExchange.Redis;

namespace FuncRec.Workflow.IntegrationTests;

public sealed class UpdateStateStoreTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Advance_AppliedTwice_SubtractsTheFrozenSnapshotOnce()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.SeedAsync("st");
        var db = h.Redis.GetDatabase();
        var frozen = await h.State.FreezeAsync("st", "job1", DateTimeOffset.UtcNow);
        Assert.Equal(500, frozen["events"]);

        // Ingestion keeps counting while the job trains.
        await db.HashIncrementAsync(h.Features.PendingCounters("st"), "events", 11);
        await db.HashIncrementAsync(h.Features.PendingPopularity("st"), "item1", 5);
        await db.HashIncrementAsync(h.Features.PendingPopularity("st"), "item9", 2);

        // A retried freeze returns the same snapshot.
        Assert.Equal(500, (await h.State.FreezeAsync("st", "job1", DateTimeOffset.UtcNow))["events"]);

        var watermarks = new Dictionary<string, long> { ["funcrec.behavior/0"] = 1200 };
        Assert.True(await h.State.AdvanceAsync("st", "job1", watermarks));
        Assert.False(await h.State.AdvanceAsync("st", "job1", watermarks));

        var pending = await h.State.ReadPendingAsync("st", 10);
        Assert.Equal(11, pending.Events);
        Assert.Equal(0, pending.NewItems);
        Assert.Equal(new Dictionary<string, double> { ["item1"] = 5, ["item9"] = 2 }, pending.PendingPopularity);
        Assert.Equal(new Dictionary<string, double> { ["item1"] = 300, ["item2"] = 200 }, pending.TrainedPopularity);
        Assert.Equal(watermarks, await h.State.GetConsumedAsync("st"));
    }

    [Fact]
    public async Task ReadPending_MoreItemsThanTopK_ReturnsLargestCountsTiesByItemId()
    {
        var h = new WorkflowHarness(redis, azurite);
        var db = h.Redis.GetDatabase();
        // More fields than one HSCAN page, so the top K is assembled across pages.
        var fields = Enumerable.Range(0, 2500).Select(i => new HashEntry($"tail{i:D4}", 1)).ToList();
        fields.AddRange([new("b", 7), new("a", 7), new("c", 9), new("d", 2)]);
        await db.HashSetAsync(h.Features.PendingPopularity("tk"), [.. fields]);

        var pending = await h.State.ReadPendingAsync("tk", 4);

        Assert.Equal(["c", "a", "b", "d"], pending.PendingPopularity.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key));
        Assert.Equal([9.0, 7, 7, 2], pending.PendingPopularity.Values.OrderDescending());
        Assert.Empty(pending.TrainedPopularity);
    }

    [Fact]
    public async Task FollowUp_PolicyTriggersSetSeveralTimes_IsOneFollowUp()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.State.SetFollowUpAsync("fu", h.Request("fu") with { RequestedBy = "policy", Reason = "first" });
        await h.State.SetFollowUpAsync("fu", h.Request("fu") with { RequestedBy = "policy", Reason = "second" });
        Assert.Equal("first", (await h.State.TakeFollowUpAsync("fu"))!.Reason);
        Assert.Null(await h.State.TakeFollowUpAsync("fu"));
    }

    [Fact]
    public async Task FollowUp_PolicyTriggerAfterAdminRequest_KeepsAdminRequest()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.State.SetFollowUpAsync("fa", h.Request("fa") with { RequestedBy = "policy", Reason = "threshold" });
        await h.State.SetFollowUpAsync("fa", h.Request("fa") with { RequestedBy = "ops", Reason = "admin" });
        await h.State.SetFollowUpAsync("fa", h.Request("fa") with { RequestedBy = "policy", Reason = "time window" });
        var taken = await h.State.TakeFollowUpAsync("fa");
        Assert.Equal("ops", taken!.RequestedBy);
        Assert.Equal("admin", taken.Reason);
    }

    [Fact]
    public async Task WatermarkSource_ReadsIngestedHash()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.SeedAsync("wm");
        var wm = await h.Watermarks.GetIngestedAsync(CancellationToken.None);
        Assert.Equal(1200, wm["funcrec.behavior/0"]);
        Assert.Equal(800, wm["funcrec.behavior/1"]);
    }
}
