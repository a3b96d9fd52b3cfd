using FuncRec.Trainer.Hosting;
using FuncRec.Trainer.Quality;
using FuncRec.Trainer.TestData;

namespace FuncRec.Trainer.UnitTests.Hosting;

public sealed class QualityCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("funcrec-qc-data-").FullName;
    private readonly string _work = Directory.CreateTempSubdirectory("funcrec-qc-work-").FullName;

    [Fact]
    public async Task RunAsync_TwoWorkers_HelperTrainsStepsAndOnlyTheStarterWritesTheReport()
    {
        SyntheticSessions.WritePeriods(_data, 4);

        var report = Path.Combine(_work, "report.md");
        var code = await QualityCommand.RunAsync(new CommandLine(
        [
            "--data", _data, "--work", _work, "--out", report, "--weeks", "3", "--regimes", "full", "--workers", "2",
            "--set", "Epochs=1,Dim=8,Negatives=16,ReplaySessions=10",
        ]));

        Assert.Equal(0, code);
        Assert.True(File.Exists(report));
        var helper = await File.ReadAllTextAsync(Path.Combine(_work, "worker-2.log"));
        Assert.Contains("3/3 trained", helper, StringComparison.Ordinal);
        Assert.Contains("all steps done", helper, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote ", helper, StringComparison.Ordinal);
        Assert.Equal(["full-w2.json", "full-w3.json", "incremental-w1.json"], Directory.GetFiles(Path.Combine(_work, "results")).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(Path.Combine(_work, "claims")));
        // Two processes, each with its own wall-clock span.
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_work, WallClock.SpansFolder)).Length);
    }

    [Fact]
    public void ArgumentsWithout_NamedOptionAndItsValue_AreRemoved()
    {
        var cli = new CommandLine(["--weeks", "3", "--workers", "2", "--quick", "--set", "Dim=8"]);

        Assert.Equal(["--weeks", "3", "--quick", "--set", "Dim=8"], cli.ArgumentsWithout("workers"));
        Assert.Equal(["--weeks", "3", "--workers", "2", "--set", "Dim=8"], cli.ArgumentsWithout("quick"));
    }

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_work, recursive: true);
    }
}
