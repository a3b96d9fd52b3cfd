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
    public void Record_ParallelInvocationsAfterLegacySum_AddsTheirUnionToTheLegacySeconds()
    {
        File.WriteAllText(Path.Combine(_work, WallClock.LegacySecondsFile), "100");
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        Assert.Equal(110, WallClock.Record(_work, t0, t0.AddSeconds(10)), 3);
        Assert.Equal(112, WallClock.Record(_work, t0.AddSeconds(5), t0.AddSeconds(12)), 3);
        Assert.Equal(115, WallClock.Record(_work, t0.AddSeconds(20), t0.AddSeconds(23)), 3);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
