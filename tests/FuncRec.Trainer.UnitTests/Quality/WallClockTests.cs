using FuncRec.Trainer.Quality;

namespace FuncRec.Trainer.UnitTests.Quality;

public sealed class WallClockTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("funcrec-wall-").FullName;

    [Fact]
    public void UnionLength_OverlappingAndNestedIntervals_CountsEachSecondOnce()
    {
        // [0,10] ∪ [5,15] = 15, [20,25] = 5, [30,31] ∪ [30.5,30.75] = 1.
        (double, double)[] intervals = [(20, 25), (0, 10), (30, 31), (5, 15), (30.5, 30.75)];

        Assert.Equal(21, WallClock.UnionLength(intervals), 9);
        Assert.Equal(0, WallClock.UnionLength([]));
    }

    [Fact]
    public void Record_ParallelAndEarlierInvocations_AddsTheUnionOfSpansToTheLegacySeconds()
    {
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        File.WriteAllText(Path.Combine(_work, WallClock.LegacySecondsFile), "100");
        File.WriteAllText(Path.Combine(_work, WallClock.LegacySpansFile), $"{t0.ToUnixTimeSeconds() - 50} {t0.ToUnixTimeSeconds() - 40}\n");
        var first = new WallClock(_work, t0);
        var second = new WallClock(_work, t0.AddSeconds(5));

        Assert.Equal(100 + 10 + 4, first.Record(t0.AddSeconds(4)), 3);
        // The second runs beside the first: [0,10] ∪ [5,12] = 12.
        Assert.Equal(100 + 10 + 10, first.Record(t0.AddSeconds(10)), 3);
        Assert.Equal(100 + 10 + 12, second.Record(t0.AddSeconds(12)), 3);
        // The first is killed here; its span stays as last recorded, and a later invocation adds its own.
        Assert.Equal(100 + 10 + 12 + 3, new WallClock(_work, t0.AddSeconds(20)).Record(t0.AddSeconds(23)), 3);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
