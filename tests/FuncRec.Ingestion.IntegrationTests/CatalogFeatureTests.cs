using FuncRec.Testing;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

public sealed class CatalogFeatureTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const string Topic = "funcrec.catalog";

    [Fact]
    public async Task IngestAsync_Upsert_WritesItemHashFieldsAndCountsCatalogChange()
    {
        var h = new IngestHarness(redis, azurite);

        var result = await h.Catalog.IngestAsync(Records(Topic, 0, 0, Upsert("i1", T(5), "c1/c2/c3", "Acme", 12.5, inStock: false)), default);

        var item = (await h.Db.HashGetAllAsync(h.Keys.Item("i1"))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(1, result.Applied);
        Assert.Equal("c1/c2/c3", item["cat"]);
        Assert.Equal("Acme", item["brand"]);
        Assert.Equal("12.5", item["price"]);
        Assert.Equal("0", item["stock"]);
        Assert.Equal("red shoe", item["tokens"]);
        Assert.Equal(T(5).ToString(System.Globalization.CultureInfo.InvariantCulture), item["ts"]);
        Assert.Equal("0", item["del"]);
        Assert.Equal(1, (long)await h.Db.HashGetAsync(h.Keys.PendingCounters("session-rec"), "catalog_changes"));
    }

    [Fact]
    public async Task IngestAsync_OutOfOrderEvents_NeverOverwriteNewerState()
    {
        var h = new IngestHarness(redis, azurite);

        var result = await h.Catalog.IngestAsync(Records(Topic, 0, 0,
            Upsert("i1", T(5), brand: "new"), Upsert("i1", T(10), brand: "old"), Delete("i1", T(8))), default);
        await h.Catalog.IngestAsync(Records(Topic, 1, 0, Delete("i2", T(5)), Upsert("i2", T(6), brand: "stale")), default);

        Assert.Equal("new", (await h.Db.HashGetAsync(h.Keys.Item("i1"), "brand")).ToString());
        Assert.Equal("0", (await h.Db.HashGetAsync(h.Keys.Item("i1"), "del")).ToString());
        Assert.Equal(2, result.Superseded);
        Assert.Equal("1", (await h.Db.HashGetAsync(h.Keys.Item("i2"), "del")).ToString());
        Assert.False(await h.Db.HashExistsAsync(h.Keys.Item("i2"), "brand"));
    }

    [Fact]
    public async Task IngestAsync_DeleteAfterUpsert_MarksDeletedAndKeepsSegmentLog()
    {
        var h = new IngestHarness(redis, azurite);

        await h.Catalog.IngestAsync(Records(Topic, 0, 0, Upsert("i1", T(5)), Delete("i1", T(4))), default);
        await h.Catalog.IngestAsync(Records(Topic, 0, 2, Delete("i1", T(3))), default);

        Assert.Equal("1", (await h.Db.HashGetAsync(h.Keys.Item("i1"), "del")).ToString());
        var log = new List<Core.Events.CatalogSegmentEntry>();
        await foreach (var e in h.Reader.ReadCatalogAsync(Topic, new Dictionary<int, long>(), new Dictionary<int, long> { [0] = 3 }))
        {
            log.Add(e);
        }

        Assert.Equal([0L, 1L, 2L], log.Select(e => e.Offset));
        Assert.IsType<Core.Events.CatalogItemUpserted>(log[0].Event);
    }
}
