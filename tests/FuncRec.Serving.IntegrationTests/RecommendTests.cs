using FuncRec.Core.Features;
using FuncRec.Serving.Handlers;
using FuncRec.Serving.Hosting;
using FuncRec.Testing;

namespace FuncRec.Serving.IntegrationTests;

public sealed class RecommendTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly (string, InteractionType)[] s_history =
        [("i3", InteractionType.View), ("i17", InteractionType.Click), ("i42", InteractionType.AddToCart), ("i8", InteractionType.View)];

    private readonly Model.ServingModel _model = ServingTestContext.SmallModel();

    private ServingTestContext NewContext() => new(redis, new FixedModelSource(_model));

    private static IReadOnlyList<string> Ids(ServingResult<ServingResponse> result) =>
        [.. Assert.IsType<ServingResponse>(result.Value).Items.Select(i => i.ItemId)];

    [Fact]
    public async Task Recommend_UserWithHistory_ReturnsExactModelTopKWithVersionAndNoFallback()
    {
        var context = NewContext();
        await context.Features.HistoryAsync("u1", s_history);

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("u1", 10));

        // The expected ranking comes from the tower and a plain full sort over every item.
        var user = new float[16];
        _model.Session.Encode([3, 17, 42, 8], [1, 2, 3, 1], user);
        var expected = Enumerable.Range(1, 200)
            .OrderByDescending(r => System.Numerics.Tensors.TensorPrimitives.Dot(user, _model.ItemVector(r)))
            .Take(10).Select(r => $"i{r}").ToList();
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(_model.Version, result.Value!.ModelVersion);
        Assert.Null(result.Value.Fallback);
        Assert.Equal(expected, Ids(result));
        Assert.All(result.Value.Items, i => Assert.Equal(ItemSources.Model, i.Source));
    }

    [Fact]
    public async Task Recommend_SessionItemsFirst_RecentItemsLeadInScoreOrderThenModelTopKWithoutThem()
    {
        var context = new ServingTestContext(redis, new FixedModelSource(_model), new ServingOptions { SessionItemsFirst = true });
        await context.Features.HistoryAsync("u6", [.. s_history, ("i17", InteractionType.View)]);
        await context.Features.PurchasedAsync("u6", "i42");

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("u6", 10));

        // The history's distinct items but the purchased i42, best score first, then the model's ranking of the rest.
        var user = new float[16];
        _model.Session.Encode([3, 17, 42, 8, 17], [1, 2, 3, 1, 1], user);
        float Score(int r) => System.Numerics.Tensors.TensorPrimitives.Dot(user, _model.ItemVector(r));
        var head = new[] { 3, 17, 8 }.OrderByDescending(Score).ToList();
        var rest = Enumerable.Range(1, 200).Except([3, 17, 8, 42]).OrderByDescending(Score).Take(10 - head.Count);
        Assert.Equal([.. head.Concat(rest).Select(r => $"i{r}")], Ids(result));
        Assert.Equal(
            [.. Enumerable.Repeat(ItemSources.Session, 3).Concat(Enumerable.Repeat(ItemSources.Model, 7))],
            result.Value!.Items.Select(i => i.Source));
        Assert.Null(result.Value.Fallback);
    }

    [Fact]
    public async Task Recommend_VersionWithCooccurrence_ReturnsExactTopKOfScorePlusTermWithoutFilteredPartners()
    {
        // Partners of the history's items: 150 (with i3 and i17), 99 (with i8, often), 120 (with i42), 77 (purchased).
        var table = Core.Checkpoints.ItemCooccurrence.Empty.Update(
            [[3, 150], [17, 150], [8, 99], [8, 99], [8, 99], [42, 120], [3, 77]], 1.0, rows: 201, neighbors: 10, maxSessionItems: 30);
        var model = ServingTestContext.SmallModel().WithCooccurrence(table, 10f);
        var context = new ServingTestContext(redis, new FixedModelSource(model));
        await context.Features.HistoryAsync("u7", s_history);
        await context.Features.PurchasedAsync("u7", "i77");

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("u7", 10));

        var user = new float[16];
        model.Session.Encode([3, 17, 42, 8], [1, 2, 3, 1], user);
        var boosts = table.Boosts([3, 17, 42, 8], 10f);
        float Plain(int r) => System.Numerics.Tensors.TensorPrimitives.Dot(user, model.ItemVector(r));
        float Full(int r) => Plain(r) + boosts.GetValueOrDefault(r);
        var candidates = Enumerable.Range(1, 200).Where(r => r != 77).ToList();
        var expected = candidates.OrderByDescending(Full).Take(10).Select(r => $"i{r}").ToList();
        var plain = candidates.OrderByDescending(Plain).Take(10).Select(r => $"i{r}").ToList();
        Assert.NotEqual(plain, expected);
        Assert.Contains("i99", expected);
        Assert.Equal(expected, Ids(result));

        var off = new ServingTestContext(redis, new FixedModelSource(model), new ServingOptions { Cooccurrence = false });
        await off.Features.HistoryAsync("u7", s_history);
        await off.Features.PurchasedAsync("u7", "i77");
        Assert.Equal(plain, Ids(await off.Handlers.RecommendAsync(new RecommendRequest("u7", 10))));
    }

    [Fact]
    public async Task Recommend_OutOfStockDeletedPurchasedAndExcluded_AreFilteredAndListBackfilled()
    {
        var context = NewContext();
        await context.Features.HistoryAsync("u2", s_history);
        var before = Ids(await context.Handlers.RecommendAsync(new RecommendRequest("u2", 10)));
        // Top item out of stock, second deleted, third purchased, fourth's category excluded by the admin SET,
        // fifth's category excluded by the request (categories are c{(n-1)%8+1}, written as path "root/cN").
        await context.Features.ItemAsync(before[0], "root/" + Category(before[0]), inStock: false);
        await context.Features.ItemAsync(before[1], "root/" + Category(before[1]), deleted: true);
        await context.Features.PurchasedAsync("u2", before[2]);
        await context.Features.ExcludeCategoryAsync(Category(before[3]));

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("u2", 10, [Category(before[4])]));

        var after = Ids(result);
        Assert.Equal(10, after.Count);
        Assert.DoesNotContain(before[0], after);
        Assert.DoesNotContain(before[1], after);
        Assert.DoesNotContain(before[2], after);
        Assert.DoesNotContain(after, id => Category(id) == Category(before[3]) || Category(id) == Category(before[4]));
        Assert.Null(result.Value!.Fallback);
    }

    [Fact]
    public async Task Recommend_ExcludedAncestorCategoryInCatalogPath_IsFiltered()
    {
        var context = NewContext();
        await context.Features.HistoryAsync("u3", s_history);
        var before = Ids(await context.Handlers.RecommendAsync(new RecommendRequest("u3", 5)));
        await context.Features.ItemAsync(before[0], "toys/" + Category(before[0]));

        var after = Ids(await context.Handlers.RecommendAsync(new RecommendRequest("u3", 5, ["toys"])));

        Assert.DoesNotContain(before[0], after);
        Assert.Equal(before.Skip(1), after.Take(4));
    }

    [Fact]
    public async Task Recommend_NoHistory_ReturnsFilteredTrendingWithFallback()
    {
        var context = NewContext();
        await context.Features.TrendingAsync("i5", 50);
        await context.Features.TrendingAsync("i6", 40);
        await context.Features.TrendingAsync("i7", 30);
        await context.Features.TrendingAsync("brand-new", 20);
        await context.Features.ItemAsync("i6", "root/c6", inStock: false);

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("nobody", 3));

        Assert.Equal(FallbackReasons.NoHistoryTrending, result.Value!.Fallback);
        Assert.Equal(["i5", "i7", "brand-new"], Ids(result));
        Assert.Equal([50f, 30f, 20f], result.Value.Items.Select(i => i.Score));
    }

    [Fact]
    public async Task Recommend_HistoryOnlyOfItemsNewerThanModel_ServesTheirCategoryTrending()
    {
        var context = NewContext();
        await context.Features.ItemAsync("new-1", "root/c2");
        await context.Features.HistoryAsync("u4", ("new-1", InteractionType.View));
        await context.Features.TrendingAsync("new-2", 9, "c2");
        await context.Features.TrendingAsync("i2", 5, "c2");
        await context.Features.TrendingAsync("i99", 100);

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("u4", 3));

        Assert.Equal(FallbackReasons.NewItemsCategoryTrending, result.Value!.Fallback);
        Assert.Equal(["new-2", "i2", "i99"], Ids(result));
        Assert.Equal([ItemSources.CategoryTrending, ItemSources.CategoryTrending, ItemSources.Trending], result.Value.Items.Select(i => i.Source));
    }

    [Fact]
    public async Task Recommend_HistoryWithSomeNewItems_ModelRanksHeadAndNewItemsTakeLastSlots()
    {
        var context = NewContext();
        await context.Features.HistoryAsync("u5", s_history);
        var modelOnly = Ids(await context.Handlers.RecommendAsync(new RecommendRequest("u5", 6)));
        await context.Features.ItemAsync("new-9", "root/c3");
        await context.Features.HistoryAsync("u5", ("new-9", InteractionType.Click));
        await context.Features.TrendingAsync("new-10", 7, "c3");
        await context.Features.TrendingAsync("i3", 99, "c3");

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("u5", 6));

        Assert.Equal(FallbackReasons.NewItemsCategoryTrending, result.Value!.Fallback);
        var ids = Ids(result);
        Assert.Equal(6, ids.Count);
        Assert.Equal("new-10", ids[^1]);
        Assert.Equal(modelOnly.Take(5), ids.Take(5));
    }

    [Theory]
    [InlineData("bad id", 5, "userId")]
    [InlineData("", 5, "userId")]
    [InlineData("u1", 0, "k must be between 1 and 100")]
    [InlineData("u1", 101, "k must be between 1 and 100")]
    public async Task Recommend_BadInput_Returns400WithClearMessage(string userId, int k, string expected)
    {
        var context = NewContext();

        var result = await context.Handlers.RecommendAsync(new RecommendRequest(userId, k));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(expected, result.Problem!.Detail);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task Recommend_InvalidExcludedCategory_Returns400()
    {
        var result = await NewContext().Handlers.RecommendAsync(new RecommendRequest("u1", 5, ["ok", "not ok/"]));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("category 'not ok/'", result.Problem!.Detail);
    }

    [Fact]
    public async Task Recommend_NoModelLoaded_Returns503()
    {
        var context = new ServingTestContext(redis, new FixedModelSource(null));

        var result = await context.Handlers.RecommendAsync(new RecommendRequest("u1", 5));

        Assert.Equal(503, result.StatusCode);
    }

    private static string Category(string itemId) => $"c{((int.Parse(itemId[1..], System.Globalization.CultureInfo.InvariantCulture) - 1) % 8) + 1}";
}
