using System.Numerics.Tensors;
using FuncRec.Core.Checkpoints;
using FuncRec.Serving.Model;
using FuncRec.Serving.Retrieval;
using FuncRec.Testing;

namespace FuncRec.Serving.UnitTests.Retrieval;

public sealed class HybridTopKTests
{
    [Theory]
    [InlineData(20, 0.5f)]
    [InlineData(48, 0.5f)]
    [InlineData(10, 0.2f)]
    public void Rank_MorePartnersThanWanted_MatchesBruteForceOfScorePlusTermUnderTheFilter(int count, float weight)
    {
        const int items = 600;
        var builder = new ModelWeightsBuilder().WithShape(16, 50, 1, 1, 64).WithItems(items, 6).WithSeed(11);
        var random = new Random(5);
        // 400 sessions of 6 random items give every input row dozens of partners, far more than count.
        var sessions = Enumerable.Range(0, 400).Select(_ => Enumerable.Range(0, 6).Select(_ => random.Next(1, items + 1)).ToArray()).ToList();
        var table = ItemCooccurrence.Empty.Update(sessions, 1.0, items + 1, 1000, 30);
        var model = ServingModel.Load(builder.BuildWeights(), builder.IdMaps, "v1").WithCooccurrence(table, weight);
        int[] input = [.. sessions.Take(6).Select(s => s[0])];
        var boosts = table.Boosts(input, weight);
        var user = Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        string[] purchased = ["i7", $"i{boosts.Keys.First()}"];
        var filter = new CandidateFilter(model, ["c2"], purchased);

        var partners = HybridTopK.Partners(model, user, boosts, ref filter);
        var ranked = HybridTopK.Rank(model, user, count, partners, boosts, ref filter);
        filter.Dispose();

        Assert.True(boosts.Count > 2 * count, $"{boosts.Count} partners");
        var banned = purchased.Select(id => model.IdMaps!.ItemRow(id)).ToHashSet();
        float Full(int r) => TensorPrimitives.Dot(user, model.ItemVector(r)) + boosts.GetValueOrDefault(r);
        var expected = Enumerable.Range(1, items).Where(r => (r - 1) % 6 + 1 != 2 && !banned.Contains(r)).OrderByDescending(Full).Take(count).ToList();
        Assert.Equal(expected, ranked.Select(p => p.Row));
        Assert.All(ranked, p => Assert.Equal(Full(p.Row), p.Score, 4));
        Assert.Contains(ranked, p => boosts.ContainsKey(p.Row));
        Assert.Contains(ranked, p => !boosts.ContainsKey(p.Row));
    }

    [Fact]
    public void Rank_NoBoosts_IsTheScanTopK()
    {
        var builder = new ModelWeightsBuilder().WithShape(16, 50, 1, 1, 64).WithItems(300, 3).WithSeed(2);
        var model = ServingModel.Load(builder.BuildWeights(), builder.IdMaps, "v1");
        var user = Enumerable.Range(0, 16).Select(i => MathF.Sin(i + 1)).ToArray();
        var filter = new AcceptAllRows();

        var ranked = HybridTopK.Rank(model, user, 10, [], null, ref filter);

        var expected = Enumerable.Range(1, 300).OrderByDescending(r => TensorPrimitives.Dot(user, model.ItemVector(r))).Take(10);
        Assert.Equal(expected, ranked.Select(p => p.Row));
    }
}
