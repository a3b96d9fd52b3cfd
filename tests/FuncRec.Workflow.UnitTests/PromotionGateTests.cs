using FuncRec.Core.Checkpoints;
using FuncRec.Core.Updates.Gate;

namespace FuncRec.Workflow.UnitTests;

public sealed class PromotionGateTests
{
    private static readonly PromotionGateOptions s_options = new() { Metrics = ["recall@20", "mrr@20"], Tolerance = 0.01 };

    private static Dictionary<string, double> M(double recall, double mrr) => new() { ["recall@20"] = recall, ["mrr@20"] = mrr };

    [Fact]
    public void Decide_CandidateWithinTolerance_Promotes()
    {
        var v = PromotionGate.Decide(M(0.495, 0.20), M(0.50, 0.20), [], s_options);
        Assert.True(v.Promote);
        Assert.Contains(v.Reasons, r => r.StartsWith("recall@20: candidate 0.4950 >=", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_CandidateWorseThanTolerance_Rejects()
    {
        var v = PromotionGate.Decide(M(0.48, 0.20), M(0.50, 0.20), [], s_options);
        Assert.False(v.Promote);
        Assert.Contains(v.Reasons, r => r.Contains("0.4800 < champion 0.5000", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_SanityProblem_RejectsDespiteBetterMetrics()
    {
        var v = PromotionGate.Decide(M(0.9, 0.5), M(0.5, 0.2), ["weights: x has 1 non-finite value(s)"], s_options);
        Assert.False(v.Promote);
        Assert.Contains("sanity: weights: x has 1 non-finite value(s)", v.Reasons);
    }

    [Fact]
    public void Decide_NoChampion_PromotesOnSanityAndMetricsPresent()
    {
        Assert.True(PromotionGate.Decide(M(0.1, 0.05), null, [], s_options).Promote);
    }

    [Fact]
    public void Decide_MissingOrNaNCandidateMetric_Rejects()
    {
        Assert.False(PromotionGate.Decide(new Dictionary<string, double> { ["recall@20"] = 0.5 }, null, [], s_options).Promote);
        Assert.False(PromotionGate.Decide(M(double.NaN, 0.2), M(0.5, 0.2), [], s_options).Promote);
    }
}

public sealed class WeightSanityTests
{
    private static readonly PromotionGateOptions s_options = new() { MaxTensorRms = 10, MaxAbsWeight = 100 };

    private static SafeTensorsContent Weights(params SafeTensor[] tensors)
    {
        using var ms = new MemoryStream();
        SafeTensorsFile.Write(ms, tensors);
        return SafeTensorsFile.Read(ms.ToArray());
    }

    [Fact]
    public void CheckWeights_FiniteModerateWeights_NoProblems()
    {
        var w = Weights(SafeTensor.FromFloats("item_emb.weight", [0, 0, 0.5f, -0.5f], 2, 2));
        Assert.Empty(WeightSanity.CheckWeights(w, s_options));
    }

    [Fact]
    public void CheckWeights_NaN_Reported()
    {
        var w = Weights(SafeTensor.FromFloats("fc.weight", [1, float.NaN], 2));
        Assert.Contains(WeightSanity.CheckWeights(w, s_options), p => p.Contains("non-finite", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckWeights_ExplodedNorm_Reported()
    {
        var w = Weights(SafeTensor.FromFloats("fc.weight", [50, -50, 50, -50], 4));
        var problems = WeightSanity.CheckWeights(w, s_options);
        Assert.Contains(problems, p => p.Contains("RMS", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckWeights_AllZeroEmbedding_Reported()
    {
        var w = Weights(SafeTensor.FromFloats("item_emb.weight", [0, 0, 0, 0], 2, 2));
        Assert.Contains(WeightSanity.CheckWeights(w, s_options), p => p.Contains("all zeros", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckWeights_EmbeddingWithOnlyPaddingRow_NotReported()
    {
        // No categories known yet: cat_emb holds just its zero padding row.
        var w = Weights(SafeTensor.FromFloats("cat_emb.weight", [0, 0], 1, 2));
        Assert.DoesNotContain(WeightSanity.CheckWeights(w, s_options), p => p.Contains("all zeros", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckIdMaps_ChildReordersParentRows_Reported()
    {
        var parent = new ModelIdMaps();
        parent.GetOrAddItem("a");
        parent.GetOrAddItem("b");
        var child = new ModelIdMaps();
        child.GetOrAddItem("b");
        child.GetOrAddItem("a");
        Assert.Contains(WeightSanity.CheckIdMaps(child, parent, null), p => p.Contains("does not extend", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckIdMaps_AppendOnlyChildMatchingEmbeddingRows_NoProblems()
    {
        var parent = new ModelIdMaps();
        parent.GetOrAddItem("a");
        var child = parent.Clone();
        child.GetOrAddItem("b");
        var w = Weights(SafeTensor.FromFloats("item_emb.weight", new float[3 * 2], 3, 2));
        Assert.Empty(WeightSanity.CheckIdMaps(child, parent, w));
    }

    [Fact]
    public void CheckIdMaps_EmbeddingRowsDisagree_Reported()
    {
        var child = new ModelIdMaps();
        child.GetOrAddItem("a");
        var w = Weights(SafeTensor.FromFloats("item_emb.weight", new float[5 * 2], 5, 2));
        Assert.Contains(WeightSanity.CheckIdMaps(child, null, w), p => p.Contains("item rows", StringComparison.Ordinal));
    }
}
