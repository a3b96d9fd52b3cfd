using FuncRec.Core.Metrics;

namespace FuncRec.Core.UnitTests.Metrics;

public sealed class RankingMetricsTests
{
    [Theory]
    [InlineData(1, 20, 1.0)]
    [InlineData(20, 20, 1.0)]
    [InlineData(21, 20, 0.0)]
    [InlineData(0, 20, 0.0)]
    public void RecallAt_RankAgainstCutoff_IsHitOrMiss(int rank, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.RecallAt(rank, k));

    [Theory]
    [InlineData(1, 10, 1.0)]
    [InlineData(4, 10, 0.25)]
    [InlineData(10, 10, 0.1)]
    [InlineData(11, 10, 0.0)]
    public void ReciprocalRankAt_RankWithinCutoff_IsOneOverRank(int rank, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.ReciprocalRankAt(rank, k), 12);

    [Theory]
    [InlineData(1, 10, 1.0)] // 1 / log2(2)
    [InlineData(3, 10, 0.5)] // 1 / log2(4)
    [InlineData(7, 10, 1.0 / 3.0)] // 1 / log2(8)
    [InlineData(11, 10, 0.0)]
    public void NdcgAt_SingleRelevantItem_IsOneOverLog2RankPlusOne(int rank, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.NdcgAt(rank, k), 12);

    [Fact]
    public void HitRateAt_SingleRelevantItem_EqualsRecall()
    {
        Assert.Equal(1.0, RankingMetrics.HitRateAt(5, 5));
        Assert.Equal(0.0, RankingMetrics.HitRateAt(6, 5));
    }

    [Fact]
    public void RankOf_TiesWithTarget_CountInTargetsFavour()
    {
        float[] scores = [0.5f, 0.9f, 0.5f, 0.1f, 0.7f];

        Assert.Equal(3, RankingMetrics.RankOf(scores, 0)); // 0.9 and 0.7 are higher; the tie at index 2 is not
        Assert.Equal(1, RankingMetrics.RankOf(scores, 1));
        Assert.Equal(5, RankingMetrics.RankOf(scores, 3));
    }

    [Fact]
    public void RankOf_NaNTarget_RanksLast()
    {
        float[] scores = [float.NaN, 0.2f, 0.3f];
        Assert.Equal(3, RankingMetrics.RankOf(scores, 0));
    }

    [Fact]
    public void RecallAt_ZeroCutoff_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.RecallAt(1, 0));

    [Fact]
    public void MetricAccumulator_FourCases_AveragesByHand()
    {
        // Ranks 1, 3, 12, 25 at K = 10 and 20:
        // Recall@10 = 2/4; Recall@20 = 3/4; MRR@10 = (1 + 1/3)/4; MRR@20 = (1 + 1/3 + 1/12)/4.
        var acc = new MetricAccumulator(10, 20);
        foreach (var rank in new[] { 1, 3, 12, 25 })
        {
            acc.Add(rank);
        }

        var summary = acc.Summarize();

        Assert.Equal(4, summary.Cases);
        Assert.Equal(0.5, summary.At(10).Recall, 12);
        Assert.Equal(0.75, summary.At(20).Recall, 12);
        Assert.Equal((1 + 1 / 3.0) / 4, summary.At(10).Mrr, 12);
        Assert.Equal((1 + 1 / 3.0 + 1 / 12.0) / 4, summary.At(20).Mrr, 12);
        Assert.Equal((1 + 0.5) / 4, summary.At(10).Ndcg, 12);
    }

    [Fact]
    public void MetricAccumulator_Merge_EqualsSingleAccumulator()
    {
        var whole = new MetricAccumulator(20);
        var left = new MetricAccumulator(20);
        var right = new MetricAccumulator(20);
        var ranks = new[] { 1, 2, 19, 20, 21, 100 };
        for (var i = 0; i < ranks.Length; i++)
        {
            whole.Add(ranks[i]);
            (i % 2 == 0 ? left : right).Add(ranks[i]);
        }

        left.Merge(right);

        // Summation order differs between the two, so compare to rounding error, not bit for bit.
        var expected = whole.Summarize().At(20);
        var actual = left.Summarize().At(20);
        Assert.Equal(expected.Recall, actual.Recall, 12);
        Assert.Equal(expected.Mrr, actual.Mrr, 12);
        Assert.Equal(expected.Ndcg, actual.Ndcg, 12);
        Assert.Equal(6, left.Count);
    }

    [Fact]
    public void MetricAccumulator_MergeDifferentCutoffs_Throws() =>
        Assert.Throws<ArgumentException>(() => new MetricAccumulator(10).Merge(new MetricAccumulator(20)));
}
