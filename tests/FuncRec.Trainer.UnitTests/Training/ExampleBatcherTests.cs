using FuncRec.Trainer.Data;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class ExampleBatcherTests
{
    private static readonly EncodedSession[] s_sessions =
    [
        new([1, 2, 3, 4, 5], [1, 1, 2, 1, 1]),
        new([6, 7], [1, 1]),
        new([8], [1]),
    ];

    [Fact]
    public void PlanEpoch_Sessions_YieldEveryPrefixExactlyOnce()
    {
        var plan = ExampleBatcher.PlanEpoch(s_sessions, maxLength: 3, batchSize: 2, new Random(5));
        var examples = plan.SelectMany(b => b).OrderBy(e => e.Session).ThenBy(e => e.End).ToList();

        Assert.Equal([(0, 1), (0, 2), (0, 3), (0, 4), (1, 1)], examples);

        // Batches hold one input length each (after truncation to maxLength).
        Assert.All(plan, b => Assert.Single(b.Select(e => Math.Min(e.End, 3)).Distinct()));
    }

    [Fact]
    public void PlanEpoch_SkipRepeats_LeavesOutExamplesWhoseTargetIsInTheTruncatedInput()
    {
        EncodedSession[] sessions = [new([1, 2, 1, 3, 4, 1], [1, 1, 1, 1, 1, 1])];

        var plan = ExampleBatcher.PlanEpoch(sessions, maxLength: 2, batchSize: 8, new Random(5), skipRepeats: true);

        // Ends 2 (input [1, 2] -> 1) is a repeat; end 5 (input [3, 4] -> 1) is not within the last 2 items.
        Assert.Equal([(0, 1), (0, 3), (0, 4), (0, 5)], plan.SelectMany(b => b).OrderBy(e => e.End).ToList());
    }

    [Fact]
    public void Build_MixedLengths_LeftPadsAndKeepsLastMaxLengthItems()
    {
        using var batch = ExampleBatcher.Build(s_sessions, [(0, 4), (1, 1)], maxLength: 3, CPU);

        Assert.Equal(new long[] { 2, 3, 4, 0, 0, 6 }, batch.Items.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 1, 0, 0, 1 }, batch.Types.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 7 }, batch.Targets.data<long>().ToArray());
    }
}
