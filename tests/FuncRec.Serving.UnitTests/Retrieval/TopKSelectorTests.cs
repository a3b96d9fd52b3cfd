using FuncRec.Serving.Retrieval;

namespace FuncRec.Serving.UnitTests.Retrieval;

public sealed class TopKSelectorTests
{
    [Fact]
    public void Offer_RandomScores_MatchesFullSortTopK()
    {
        var random = new Random(42);
        var scores = Enumerable.Range(0, 10_000).Select(_ => (float)random.NextDouble()).ToArray();
        Span<float> topScores = stackalloc float[20];
        Span<int> topIndices = stackalloc int[20];
        var selector = new TopKSelector(topScores, topIndices);

        for (var i = 0; i < scores.Length; i++)
        {
            selector.Offer(scores[i], i);
        }

        var n = selector.SortDescending();
        var expected = scores.Select((s, i) => (s, i)).OrderByDescending(p => p.s).ThenBy(p => p.i).Take(20).Select(p => p.i).ToArray();

        Assert.Equal(20, n);
        Assert.Equal(expected, topIndices[..n].ToArray());
    }

    [Fact]
    public void Offer_FewerCandidatesThanK_ReturnsAllSorted()
    {
        Span<float> s = stackalloc float[5];
        Span<int> idx = stackalloc int[5];
        var selector = new TopKSelector(s, idx);
        selector.Offer(0.1f, 7);
        selector.Offer(0.9f, 3);
        selector.Offer(float.NaN, 4);

        var n = selector.SortDescending();

        Assert.Equal(2, n);
        Assert.Equal(new[] { 3, 7 }, idx[..n].ToArray());
        Assert.Equal(new[] { 0.9f, 0.1f }, s[..n].ToArray());
    }

    [Fact]
    public void Offer_TiedScores_KeepsEarlierIndices()
    {
        Span<float> s = stackalloc float[2];
        Span<int> idx = stackalloc int[2];
        var selector = new TopKSelector(s, idx);
        for (var i = 0; i < 5; i++)
        {
            selector.Offer(1f, i);
        }

        var n = selector.SortDescending();

        Assert.Equal(new[] { 0, 1 }, idx[..n].ToArray());
    }
}
