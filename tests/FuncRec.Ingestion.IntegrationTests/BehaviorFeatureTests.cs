using FuncRec.Core.Features;
using FuncRec.Core.Text;
using FuncRec.Ingestion.Redis;
using FuncRec.Testing;
using StackExchange.Redis;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

public sealed class BehaviorFeatureTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const string Topic = "funcrec.behavior";

    [Fact]
    public async Task IngestAsync_Views_WritesSequenceNewestFirstCappedWithEncodedEntries()
    {
        var h = new IngestHarness(redis, azurite, new FeatureStoreOptions { SequenceCap = 3 });
        var events = Enumerable.Range(0, 5).Select(i => View("u1", $"i{i}", T(50 - i))).ToArray();

        var result = await h.Behavior.IngestAsync(Records(Topic, 0, 0, events), default);

        var seq = (await h.Db.ListRangeAsync(h.Keys.UserSequence("u1"))).Select(v => v.ToString()).ToArray();
        Assert.Equal(5, result.Applied);
        Assert.Equal([$"i4|{(int)InteractionType.View}|{T(46)}", $"i3|1|{T(47)}", $"i2|1|{T(48)}"], seq);
        Assert.True(await h.Db.SetContainsAsync(h.Keys.KnownUsers(), "u1"));
        Assert.Equal(5, await h.Db.SetLengthAsync(h.Keys.KnownItems()));
        Assert.True((await h.Db.KeyTimeToLiveAsync(h.Keys.UserSequence("u1"))) > TimeSpan.FromDays(89));
    }

    [Fact]
    public async Task IngestAsync_Purchase_AddsToPurchasedSetAndSequenceAsPurchase()
    {
        var h = new IngestHarness(redis, azurite);

        await h.Behavior.IngestAsync(Records(Topic, 0, 0, View("u2", "a", T(5)), Purchase("u2", "a", T(4))), default);

        Assert.Equal(["a"], (await h.Db.SetMembersAsync(h.Keys.UserPurchased("u2"))).Select(v => v.ToString()));
        Assert.StartsWith("a|4|", (await h.Db.ListGetByIndexAsync(h.Keys.UserSequence("u2"), 0)).ToString());
    }

    [Fact]
    public async Task IngestAsync_ItemsWithCatalogCategory_CountsTrendingGlobalAndPerLeafCategory()
    {
        var h = new IngestHarness(redis, azurite);
        await h.Catalog.IngestAsync(Records("funcrec.catalog", 0, 0, Upsert("a", T(100), "root/shoes")), default);
        var ts = T(10);
        var bucket = ts / (long)h.Features.TrendingBucket.TotalMilliseconds;

        await h.Behavior.IngestAsync(Records(Topic, 0, 0, View("u1", "a", ts), View("u2", "a", ts), View("u3", "b", ts)), default);

        Assert.Equal(2, await h.Db.SortedSetScoreAsync(h.Keys.Trending(bucket), "a"));
        Assert.Equal(1, await h.Db.SortedSetScoreAsync(h.Keys.Trending(bucket), "b"));
        Assert.Equal(2, await h.Db.SortedSetScoreAsync(h.Keys.CategoryTrending("shoes", bucket), "a"));
        Assert.Null(await h.Db.SortedSetScoreAsync(h.Keys.CategoryTrending("shoes", bucket), "b"));
        Assert.True((await h.Db.KeyTimeToLiveAsync(h.Keys.Trending(bucket))) > TimeSpan.FromHours(47));
    }

    [Fact]
    public async Task IngestAsync_ConsecutiveItems_CountsCoVisitationBothWaysWithinWindowAndCaps()
    {
        var h = new IngestHarness(redis, azurite, new FeatureStoreOptions { CoVisitationCap = 2, CoVisitationDepth = 5 });

        await h.Behavior.IngestAsync(Records(Topic, 0, 0,
            View("u1", "a", T(10)), View("u1", "b", T(9)), View("u1", "a", T(8)), View("u1", "c", T(7)), View("u1", "d", T(6)),
            View("u1", "far", T(300))), default);

        Assert.Equal(2, await h.Db.SortedSetScoreAsync(h.Keys.CoVisitation("b"), "a"));
        Assert.Equal(2, await h.Db.SortedSetScoreAsync(h.Keys.CoVisitation("a"), "b"));
        Assert.Equal(2, await h.Db.SortedSetLengthAsync(h.Keys.CoVisitation("a")));
        // "far" is hours away from everything else: no pair.
        Assert.Equal(0, await h.Db.SortedSetLengthAsync(h.Keys.CoVisitation("far")));
    }

    [Fact]
    public async Task IngestAsync_SearchWithClick_CountsClickUnderNormalizedQueryAndSequencesSearchClick()
    {
        var h = new IngestHarness(redis, azurite);

        await h.Behavior.IngestAsync(Records(Topic, 0, 0,
            Search("u1", "  Red SHOES!", "i9", T(3), "i8", "i9"), Search("u1", "red shoes", "i9", T(2)), Search("u1", "red shoes", null, T(1))), default);

        Assert.Equal(2, await h.Db.SortedSetScoreAsync(h.Keys.QueryClicks(QueryTokenizer.Normalize("red shoes")), "i9"));
        Assert.Equal(2, await h.Db.ListLengthAsync(h.Keys.UserSequence("u1")));
        Assert.StartsWith($"i9|{(int)InteractionType.SearchClick}|", (await h.Db.ListGetByIndexAsync(h.Keys.UserSequence("u1"), 0)).ToString());
    }

    [Fact]
    public async Task IngestAsync_Events_IncrementPendingCountersAndPopularityPerModel()
    {
        var h = new IngestHarness(redis, azurite, new FeatureStoreOptions { PendingModels = ["m1", "m2"] });
        await h.Behavior.IngestAsync(Records(Topic, 0, 0, View("u1", "a", T(5)), View("u1", "b", T(4))), default);

        await h.Behavior.IngestAsync(Records(Topic, 0, 2, View("u2", "a", T(3)), Search("u3", "x", null, T(2))), default);

        foreach (var model in new[] { "m1", "m2" })
        {
            var counters = (await h.Db.HashGetAllAsync(h.Keys.PendingCounters(model))).ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
            Assert.Equal(4, counters["events"]);
            Assert.Equal(2, counters["new_items"]);
            Assert.Equal(3, counters["new_users"]);
            Assert.Equal(2, await h.Db.HashGetAsync(h.Keys.PendingPopularity(model), "a"));
        }
    }

    [Fact]
    public async Task IngestAsync_CategoryAffinity_DecaysByHalfLifeRegardlessOfArrivalOrder()
    {
        var features = new FeatureStoreOptions { AffinityHalfLife = TimeSpan.FromHours(1) };
        var h = new IngestHarness(redis, azurite, features);
        var other = new IngestHarness(redis, azurite, features);
        foreach (var x in new[] { h, other })
        {
            await x.Catalog.IngestAsync(Records("funcrec.catalog", 0, 0, Upsert("a", T(500), "root/shoes"), Upsert("b", T(500), "root/hats")), default);
        }

        // Two views one half-life apart: the older one counts half.
        await h.Behavior.IngestAsync(Records(Topic, 0, 0, View("u1", "a", T(120))), default);
        await h.Behavior.IngestAsync(Records(Topic, 0, 1, View("u1", "b", T(60))), default);
        await other.Behavior.IngestAsync(Records(Topic, 0, 0, View("u1", "b", T(60))), default);
        await other.Behavior.IngestAsync(Records(Topic, 0, 1, View("u1", "a", T(120))), default);

        foreach (var x in new[] { h, other })
        {
            var aff = (await x.Db.HashGetAllAsync(x.Keys.UserCategoryAffinity("u1"))).ToDictionary(e => e.Name.ToString(), e => (double)e.Value);
            Assert.Equal(1.0, aff["hats"], 3);
            Assert.Equal(0.5, aff["shoes"], 3);
            Assert.Equal(T(60), (long)aff["_ts"]);
        }
    }
}
