using FuncRec.Trainer.Data;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class WindowBatcherTests
{
    private static readonly EncodedSession[] s_sessions =
    [
        new([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 2, 1, 1, 1, 1, 1]),
        new([9, 10], [1, 1]),
        new([11], [1]),
        new([12, 13, 14], [1, 2, 1]),
    ];

    [Fact]
    public void PlanEpoch_Sessions_CoverEveryTargetExactlyOnceInWindowsOfAtMostMaxLength()
    {
        var plan = WindowBatcher.PlanEpoch(s_sessions, maxLength: 3, batchSize: 4, new Random(5));

        var targets = plan.SelectMany(b => b)
            .SelectMany(w => Enumerable.Range(w.Start + 1, w.Length).Select(i => (w.Session, Target: i)))
            .Order().ToList();
        var expected = s_sessions.SelectMany((s, i) => Enumerable.Range(1, s.ExampleCount).Select(t => (i, t))).Order().ToList();
        Assert.Equal(expected, targets);

        // Session 0 has 7 targets: windows of 3, 3 and 1 from its start.
        Assert.Equal([(0, 0, 3), (0, 3, 3), (0, 6, 1)], plan.SelectMany(b => b).Where(w => w.Session == 0).OrderBy(w => w.Start).ToList());
        Assert.All(plan, b => Assert.Single(b.Select(w => w.Length).Distinct()));

        // About batchSize examples per batch: at most 4 / 3 = 1 window of length 3, 2 of length 2, 4 of length 1.
        Assert.All(plan, b => Assert.True(b.Length <= Math.Max(1, 4 / b[0].Length)));
    }

    [Fact]
    public void Build_Windows_InputsAndRowMajorNextItemTargets()
    {
        using var batch = WindowBatcher.Build(s_sessions, [(0, 3, 2), (3, 0, 2)], CPU);

        Assert.True(batch.EveryPosition);
        Assert.Equal(new long[] { 2, 2 }, batch.Items.shape);
        Assert.Equal(new long[] { 4, 5, 12, 13 }, batch.Items.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 2 }, batch.Types.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 6, 13, 14 }, batch.Targets.data<long>().ToArray());
        Assert.Equal(4, batch.Size);
    }

    [Fact]
    public void Build_WindowsOfDifferentLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => WindowBatcher.Build(s_sessions, [(0, 0, 3), (3, 0, 2)], CPU));

        Assert.Contains("one length", error.Message, StringComparison.Ordinal);
    }
}
