using FuncRec.Core.Updates.Policies;

namespace FuncRec.Workflow.UnitTests;

public sealed class PopularityDivergenceTests
{
    [Fact]
    public void JensenShannon_IdenticalShapes_IsZero()
    {
        var p = new Dictionary<string, double> { ["a"] = 10, ["b"] = 5 };
        var q = new Dictionary<string, double> { ["a"] = 20, ["b"] = 10 };
        Assert.Equal(0.0, PopularityDivergence.JensenShannon(p, q, 10, 0), 12);
    }

    [Fact]
    public void JensenShannon_DisjointWithoutSmoothing_IsOne()
    {
        var p = new Dictionary<string, double> { ["a"] = 10 };
        var q = new Dictionary<string, double> { ["b"] = 10 };
        Assert.Equal(1.0, PopularityDivergence.JensenShannon(p, q, 10, 0), 12);
    }

    [Fact]
    public void JensenShannon_Smoothing_PullsDisjointBelowOne()
    {
        var p = new Dictionary<string, double> { ["a"] = 10 };
        var q = new Dictionary<string, double> { ["b"] = 10 };
        var js = PopularityDivergence.JensenShannon(p, q, 10, 1);
        Assert.InRange(js, 0.1, 0.99);
    }

    [Fact]
    public void JensenShannon_IsSymmetric()
    {
        var p = new Dictionary<string, double> { ["a"] = 10, ["b"] = 3, ["c"] = 1 };
        var q = new Dictionary<string, double> { ["a"] = 2, ["b"] = 8, ["d"] = 4 };
        Assert.Equal(PopularityDivergence.JensenShannon(p, q, 10, 0.5), PopularityDivergence.JensenShannon(q, p, 10, 0.5), 12);
    }

    [Fact]
    public void JensenShannon_TopK_IgnoresTail()
    {
        var p = new Dictionary<string, double> { ["a"] = 100, ["tail1"] = 1 };
        var q = new Dictionary<string, double> { ["a"] = 100, ["tail2"] = 1 };
        Assert.Equal(0.0, PopularityDivergence.JensenShannon(p, q, 1, 0), 12);
        Assert.True(PopularityDivergence.JensenShannon(p, q, 2, 0) > 0);
    }

    [Fact]
    public void JensenShannon_EmptySide_IsZero()
    {
        Assert.Equal(0.0, PopularityDivergence.JensenShannon(new Dictionary<string, double>(), new Dictionary<string, double> { ["a"] = 1 }, 5, 1));
    }
}
