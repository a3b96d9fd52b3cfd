using FuncRec.Trainer.Data;

namespace FuncRec.Trainer.UnitTests.Data;

public sealed class DigineticaPeriodSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("funcrec-periods-").FullName;

    [Fact]
    public void ReadSessions_InterleavedLines_GroupsBySessionInFirstAppearanceOrder()
    {
        File.WriteAllLines(Path.Combine(_dir, "period_0.txt"), ["7 1", "3 2", "7 5", "3 1", "7 2"]);
        File.WriteAllLines(Path.Combine(_dir, "period_1.txt"), ["9 4", "9 1"]);
        var sessions = new DigineticaPeriodSource(_dir, 0, 1).ReadSessions().ToList();

        Assert.Equal(["7", "3", "9"], sessions.Select(s => s.SessionId));
        Assert.Equal(["1", "5", "2"], sessions[0].Events.Select(e => e.ItemId));
        Assert.Equal(["2", "1"], sessions[1].Events.Select(e => e.ItemId));
        Assert.Equal(2, DigineticaPeriodSource.CountPeriods(_dir));
    }

    [Fact]
    public void ReadSessions_MalformedLine_ThrowsWithLineNumber()
    {
        File.WriteAllLines(Path.Combine(_dir, "period_0.txt"), ["1 2", "oops"]);
        var ex = Assert.Throws<InvalidDataException>(() => new DigineticaPeriodSource(_dir, 0, 0).ReadSessions().ToList());
        Assert.Contains(":2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_SameFilesElsewhere_SameAndChangedContent_Differs()
    {
        File.WriteAllLines(Path.Combine(_dir, "period_0.txt"), ["1 2", "1 3"]);
        File.WriteAllLines(Path.Combine(_dir, "period_1.txt"), ["4 2", "4 5"]);
        var copy = Directory.CreateTempSubdirectory("funcrec-periods-copy-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(_dir))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            var original = DigineticaPeriodSource.Fingerprint(_dir);
            Assert.Equal(original, DigineticaPeriodSource.Fingerprint(copy));

            File.WriteAllLines(Path.Combine(copy, "period_1.txt"), ["4 2", "4 6"]);
            Assert.NotEqual(original, DigineticaPeriodSource.Fingerprint(copy));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
