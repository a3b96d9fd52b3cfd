using FuncRec.Core.Features;
using FuncRec.Core.Sessions;
using FuncRec.Serving.Evaluation;
using FuncRec.Serving.Model;
using FuncRec.Testing;

namespace FuncRec.Serving.UnitTests.Evaluation;

public sealed class SessionRankingTests
{
    private static readonly ModelWeightsBuilder s_builder = new ModelWeightsBuilder().WithShape(16, 6, 1, 2, 32).WithItems(20, 4).WithSeed(9);

    private static ServingModel Model() => ServingModel.Load(s_builder.BuildWeights(), s_builder.IdMaps, "v1");

    private static SessionSequence Session(params string[] items) =>
        new("s", [.. items.Select(i => new SessionEvent(i, InteractionType.View))]);

    [Fact]
    public void Evaluate_UnknownItemsAndShortSessions_DroppedBeforeCasesAreCounted()
    {
        // i99 is unknown: dropped, leaving [i1, i2, i3] → 2 cases. [i4, i99] keeps one event → no case. [i5] → none.
        var result = SessionRanking.Evaluate(Model(), [Session("i1", "i99", "i2", "i3"), Session("i4", "i99"), Session("i5")], knownItems: null);

        Assert.Equal(2, result.Summary.Cases);
        Assert.Equal(1, result.Sessions);
    }

    [Fact]
    public void Evaluate_TargetOutsideTheModel_CountsAsMiss()
    {
        // The known set (a fresher model's items) includes i99, which this model has no row for: the case stays and is a miss.
        var known = new HashSet<string>(StringComparer.Ordinal) { "i1", "i99" };

        var result = SessionRanking.Evaluate(Model(), [Session("i1", "i99")], known);

        Assert.Equal(1, result.Summary.Cases);
        Assert.Equal(0, result.Summary.At(20).Recall);
        Assert.Equal(0, result.Summary.At(20).Mrr);
    }

    [Fact]
    public void Evaluate_TwoCandidatesOnly_RankIsOneOrTwo()
    {
        // With only i1 and i2 as candidates every target ranks 1 or 2: recall@10 is 1 and each reciprocal rank is
        // 1 or 1/2, so the three cases sum to 3 - k/2 for k cases ranked second, exactly.
        var known = new HashSet<string>(StringComparer.Ordinal) { "i1", "i2" };

        var result = SessionRanking.Evaluate(Model(), [Session("i1", "i2", "i1", "i2")], known);

        Assert.Equal(3, result.Summary.Cases);
        Assert.Equal(1.0, result.Summary.At(10).Recall);
        var secondPlaces = (3 - (result.Summary.At(10).Mrr * 3)) * 2;
        Assert.Equal(Math.Round(secondPlaces), secondPlaces, 9);
        Assert.InRange(secondPlaces, 0, 3);
    }

    [Fact]
    public void Evaluate_SameInputTwice_IdenticalMetrics()
    {
        var sessions = Enumerable.Range(0, 50).Select(s => Session([.. Enumerable.Range(0, 5).Select(i => $"i{1 + ((s * 7 + i * 3) % 20)}")])).ToList();

        var first = SessionRanking.Evaluate(Model(), sessions, null).Summary.ToMetrics();
        var second = SessionRanking.Evaluate(Model(), sessions, null).Summary.ToMetrics();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("i2", 2)] // not in the session: below its one input item, whatever the two scores are
    [InlineData("i1", 1)] // the input item itself: first
    public void Evaluate_SessionItemsFirst_InputItemsRankAboveEveryOtherCandidate(string target, int expectedRank)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "i1", "i2" };

        var result = SessionRanking.Evaluate(Model(), [Session("i1", target)], known, sessionItemsFirst: true);

        Assert.Equal(1, result.Summary.Cases);
        Assert.Equal(1.0 / expectedRank, result.Summary.At(10).Mrr, 12);
    }
}
