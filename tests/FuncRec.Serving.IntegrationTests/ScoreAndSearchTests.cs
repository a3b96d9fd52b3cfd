using System.Numerics.Tensors;
using FuncRec.Core.Features;
using FuncRec.Serving.Handlers;
using FuncRec.Serving.Hosting;
using FuncRec.Testing;

namespace FuncRec.Serving.IntegrationTests;

public sealed class ScoreAndSearchTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly Model.ServingModel _model = ServingTestContext.SmallModel(seed: 12);

    private ServingTestContext NewContext(SearchOptions? search = null) => new(redis, new FixedModelSource(_model), search: search);

    private float[] UserVector(int[] rows, byte[] types)
    {
        var user = new float[16];
        _model.Session.Encode(rows, types, user);
        return user;
    }

    [Fact]
    public async Task Score_KnownAndNewItems_ReRanksByDotProductAndCategoryEmbedding()
    {
        var context = NewContext();
        await context.Features.HistoryAsync("s1", ("i10", InteractionType.View), ("i20", InteractionType.Purchase));
        await context.Features.ItemAsync("fresh", "root/c4");
        var user = UserVector([10, 20], [1, 4]);

        var result = await context.Handlers.ScoreAsync(new ScoreRequest("s1", ["i5", "fresh", "i150", "i5", "i77"]));

        var expected = new Dictionary<string, float>
        {
            ["i5"] = TensorPrimitives.Dot(user, _model.ItemVector(5)),
            ["i150"] = TensorPrimitives.Dot(user, _model.ItemVector(150)),
            ["i77"] = TensorPrimitives.Dot(user, _model.ItemVector(77)),
            ["fresh"] = TensorPrimitives.Dot(user, _model.CategoryEmbeddings.AsSpan(4 * 16, 16)),
        };
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(FallbackReasons.NewItemsCategoryEmbedding, result.Value!.Fallback);
        Assert.Equal(expected.OrderByDescending(p => p.Value).Select(p => p.Key), result.Value.Items.Select(i => i.ItemId));
        foreach (var item in result.Value.Items)
        {
            Assert.Equal(expected[item.ItemId], item.Score, 5);
        }
    }

    [Fact]
    public async Task Score_VersionWithCooccurrence_AddsTheTermToKnownItems()
    {
        // i77 co-occurred with the user's i10 twice and i5 with i20 once; i150 with neither.
        var table = Core.Checkpoints.ItemCooccurrence.Empty.Update([[10, 77], [10, 77], [20, 5]], 1.0, rows: 201, neighbors: 10, maxSessionItems: 30);
        var model = ServingTestContext.SmallModel(seed: 12).WithCooccurrence(table, 3f);
        var context = new ServingTestContext(redis, new FixedModelSource(model));
        await context.Features.HistoryAsync("s5", ("i10", InteractionType.View), ("i20", InteractionType.Purchase));
        var user = UserVector([10, 20], [1, 4]);

        var result = await context.Handlers.ScoreAsync(new ScoreRequest("s5", ["i5", "i150", "i77"]));

        // Input [i10, i20]: i10 is second to last (weight 1/2), i20 last (weight 1).
        var scores = result.Value!.Items.ToDictionary(i => i.ItemId, i => i.Score);
        Assert.Equal(TensorPrimitives.Dot(user, model.ItemVector(77)) + (3f * MathF.Log(1 + (0.5f * 2))), scores["i77"], 5);
        Assert.Equal(TensorPrimitives.Dot(user, model.ItemVector(5)) + (3f * MathF.Log(2)), scores["i5"], 5);
        Assert.Equal(TensorPrimitives.Dot(user, model.ItemVector(150)), scores["i150"], 5);
    }

    [Fact]
    public async Task Score_UserWithoutHistory_UsesTrendingCounts()
    {
        var context = NewContext();
        await context.Features.TrendingAsync("i9", 4);
        await context.Features.TrendingAsync("i8", 12);

        var result = await context.Handlers.ScoreAsync(new ScoreRequest("ghost", ["i1", "i9", "i8"]));

        Assert.Equal(FallbackReasons.NoHistoryTrendingCounts, result.Value!.Fallback);
        Assert.Equal(["i8", "i9", "i1"], result.Value.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task Score_TooManyItems_Returns400()
    {
        var context = NewContext();
        var ids = Enumerable.Range(1, context.Options.MaxScoreItems + 1).Select(i => $"i{i}").ToArray();

        var result = await context.Handlers.ScoreAsync(new ScoreRequest("s1", ids));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains($"At most {context.Options.MaxScoreItems} items", result.Problem!.Detail);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Score_MissingOrInvalidItemIds_Returns400(int variant)
    {
        string[]? ids = variant switch { 0 => null, 1 => [], _ => ["i1", "bad item"] };
        var result = await NewContext().Handlers.ScoreAsync(new ScoreRequest("s1", ids));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("item", result.Problem!.Detail);
    }

    [Fact]
    public async Task Search_TokenMatch_LiftsMatchingItemAndDropsOutOfStock()
    {
        var context = NewContext(new SearchOptions { TokenMatchWeight = 100, Candidates = 200 });
        await context.Features.ItemAsync("i33", "root/c1", tokens: "red running shoes");
        await context.Features.ItemAsync("i34", "root/c2", tokens: "red shoes", inStock: false);
        await context.Features.ItemAsync("i35", "root/c3", tokens: "red hat");

        var result = await context.Handlers.SearchAsync(new SearchRequest("Red Shoes!", K: 5));

        var ids = result.Value!.Items.Select(i => i.ItemId).ToList();
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["i33", "i35"], ids.Take(2));
        Assert.DoesNotContain("i34", ids);
        Assert.Equal(_model.Version, result.Value.ModelVersion);
    }

    [Fact]
    public async Task Search_NoTokenMatches_RanksByQueryTower()
    {
        var context = NewContext();
        var q = new float[16];
        _model.Query.Encode([_model.Query.Row("blue")], q);
        var expected = Enumerable.Range(1, 200).OrderByDescending(r => TensorPrimitives.Dot(q, _model.ItemVector(r))).Take(5).Select(r => $"i{r}");

        var result = await context.Handlers.SearchAsync(new SearchRequest("blue", K: 5));

        Assert.Equal(expected, result.Value!.Items.Select(i => i.ItemId));
        Assert.Null(result.Value.Fallback);
    }

    [Fact]
    public async Task Search_WithUserHistory_IsPersonalised()
    {
        var context = NewContext(new SearchOptions { PersonalWeight = 5 });
        await context.Features.HistoryAsync("s9", ("i60", InteractionType.View), ("i61", InteractionType.Click));

        var anonymous = await context.Handlers.SearchAsync(new SearchRequest("blue", K: 5));
        var personal = await context.Handlers.SearchAsync(new SearchRequest("blue", "s9", 5));
        var unknownUser = await context.Handlers.SearchAsync(new SearchRequest("blue", "nobody-here", 5));

        Assert.Null(personal.Value!.Fallback);
        Assert.NotEqual(anonymous.Value!.Items.Select(i => i.Score), personal.Value.Items.Select(i => i.Score));
        Assert.Equal(FallbackReasons.NoHistoryUnpersonalised, unknownUser.Value!.Fallback);
        Assert.Equal(anonymous.Value.Items, unknownUser.Value.Items);
    }

    [Fact]
    public async Task Search_QueryClicks_AddClickedItemAsCandidate()
    {
        var context = NewContext(new SearchOptions { Candidates = 1, TokenMatchWeight = 50 });
        await context.Features.QueryClickAsync("green lamp", "i120", 3);
        await context.Features.ItemAsync("i120", "root/c8", tokens: "green lamp");

        var result = await context.Handlers.SearchAsync(new SearchRequest("green  LAMP", K: 2));

        Assert.Equal("i120", result.Value!.Items[0].ItemId);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("?!-", "no letters or digits")]
    public async Task Search_EmptyQuery_Returns400(string query, string expected)
    {
        var result = await NewContext().Handlers.SearchAsync(new SearchRequest(query));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(expected, result.Problem!.Detail);
    }

    [Fact]
    public async Task Search_TooLongQueryOrBadUser_Returns400()
    {
        var context = NewContext();

        var tooLong = await context.Handlers.SearchAsync(new SearchRequest(new string('a', 257)));
        var badUser = await context.Handlers.SearchAsync(new SearchRequest("shoes", "bad user"));

        Assert.Equal(400, tooLong.StatusCode);
        Assert.Contains("at most 256", tooLong.Problem!.Detail);
        Assert.Equal(400, badUser.StatusCode);
        Assert.Contains("userId", badUser.Problem!.Detail);
    }
}
