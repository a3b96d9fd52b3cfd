using FuncRec.Core.Checkpoints;
using FuncRec.Core.Events;
using FuncRec.Ingestion.Blob;
using FuncRec.Testing;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

public sealed class SegmentWindowSourceTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const string Behavior = "funcrec.behavior";
    private const string Catalog = "funcrec.catalog";

    [Fact]
    public async Task LoadAsync_CatalogChangedBetweenJobs_SecondLoadSeesNewCategoryLikeAFreshReader()
    {
        var h = new IngestHarness(redis, azurite);
        await h.Segments.WriteBehaviorAsync(Behavior, 0, 0, 1,
            [new BehaviorSegmentEntry(0, 0, View("u1", "i1", T(5)) with { SessionId = "s1" }), new BehaviorSegmentEntry(0, 1, View("u1", "i2", T(4)) with { SessionId = "s1" })], default);
        await h.Segments.WriteCatalogAsync(Catalog, 0, 0, 1,
            [new CatalogSegmentEntry(0, 0, Upsert("i1", T(9), "root/a")), new CatalogSegmentEntry(0, 1, Upsert("i2", T(9), "root/b"))], default);
        var window = new DataWindow { To = new Dictionary<string, long> { [$"{Behavior}/0"] = 2 } };
        var source = new SegmentWindowSource(h.Reader);

        var first = (await source.LoadAsync(window, Catalog, default)).ReadSessions().Single();
        await h.Segments.WriteCatalogAsync(Catalog, 0, 2, 2, [new CatalogSegmentEntry(0, 2, Upsert("i1", T(1), "root/c"))], default);
        var second = (await source.LoadAsync(window, Catalog, default)).ReadSessions().Single();
        var fresh = (await new SegmentWindowSource(h.Reader).LoadAsync(window, Catalog, default)).ReadSessions().Single();

        Assert.Equal(["a", "b"], first.Events.Select(e => e.CategoryId));
        Assert.Equal(["c", "b"], second.Events.Select(e => e.CategoryId));
        Assert.Equal(fresh.Events, second.Events);
    }

    [Fact]
    public async Task LoadWithoutCategoriesAsync_SameWindow_SameSessionsInSameOrderWithoutCategories()
    {
        var h = new IngestHarness(redis, azurite);
        await h.Segments.WriteBehaviorAsync(Behavior, 1, 0, 2,
            [
                new BehaviorSegmentEntry(1, 0, View("u2", "i3", T(3)) with { SessionId = "late" }),
                new BehaviorSegmentEntry(1, 1, View("u1", "i1", T(8)) with { SessionId = "early" }),
                new BehaviorSegmentEntry(1, 2, View("u2", "i4", T(2)) with { SessionId = "late" }),
            ], default);
        await h.Segments.WriteCatalogAsync(Catalog, 0, 0, 0, [new CatalogSegmentEntry(0, 0, Upsert("i3", T(9), "root/x"))], default);
        var window = new DataWindow { To = new Dictionary<string, long> { [$"{Behavior}/1"] = 3 } };
        var source = new SegmentWindowSource(h.Reader);

        var with = (await source.LoadAsync(window, Catalog, default)).ReadSessions().ToList();
        var without = (await source.LoadWithoutCategoriesAsync(window, default)).ReadSessions().ToList();

        // Oldest first by first event: "early" (8 min ago) before "late" (3 min ago), whatever the offsets.
        Assert.Equal(["early", "late"], without.Select(s => s.SessionId));
        Assert.Equal(with.Select(s => s.Events.Select(e => e.ItemId)), without.Select(s => s.Events.Select(e => e.ItemId)));
        Assert.Equal("x", with[1].Events[0].CategoryId);
        Assert.All(without.SelectMany(s => s.Events), e => Assert.Null(e.CategoryId));
    }
}
