using System.Globalization;
using FuncRec.Trainer.Hosting;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Quality;
using FuncRec.Trainer.TestData;

namespace FuncRec.Trainer.UnitTests.Quality;

public sealed class QualityExperimentTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("funcrec-quality-data-").FullName;
    private readonly string _work = Directory.CreateTempSubdirectory("funcrec-quality-work-").FullName;

    [Fact]
    public void WithSettings_ChangedSetting_ChangesFingerprintAndKeepsOtherOverrides()
    {
        var dim = (2 * new ModelOptions().Dim).ToString(CultureInfo.InvariantCulture);
        var tuned = QualityConfig.Full.WithSettings(new Dictionary<string, string> { ["Dim"] = dim });

        Assert.NotEqual(QualityConfig.Full.Fingerprint(), tuned.Fingerprint());
        Assert.Equal("0", tuned.Overrides["HoldoutFraction"]);
        Assert.Equal(dim, tuned.Overrides["Dim"]);
        Assert.False(QualityConfig.Full.Overrides.ContainsKey("Dim"));
    }

    [Fact]
    public void Fingerprint_SettingEqualToItsDefault_Unchanged()
    {
        var same = QualityConfig.Full.WithSettings(new Dictionary<string, string> { ["Dim"] = new ModelOptions().Dim.ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(QualityConfig.Full.Fingerprint(), same.Fingerprint());
    }

    [Fact]
    public void WithRegimes_Subset_KeepsFingerprintAndReportOrder()
    {
        var subset = QualityConfig.Full.WithRegimes(["stale", "incremental"]);

        Assert.Equal(QualityConfig.Full.Fingerprint(), subset.Fingerprint());
        Assert.Equal(["incremental", "stale"], subset.Regimes);
    }

    [Fact]
    public void WithRegimes_UnknownName_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => QualityConfig.Full.WithRegimes(["incremental", "joint"]));
        Assert.Contains("'joint'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSettings_Pairs_ParsesAndRejectsMalformed()
    {
        Assert.Equal(new Dictionary<string, string> { ["Epochs"] = "4", ["Dim"] = "128" }, new CommandLine(["--set", "Epochs=4, Dim=128"]).GetSettings("set"));
        Assert.Empty(new CommandLine([]).GetSettings("set"));
        var ex = Assert.Throws<ArgumentException>(() => new CommandLine(["--set", "Epochs"]).GetSettings("set"));
        Assert.Contains("'Epochs'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IncrementalOnlyThenAllRegimes_SecondRunReusesTheSharedSteps()
    {
        WritePeriods(3);
        var config = TinyConfig(2);

        var first = await new QualityExperiment(_data, _work, config.WithRegimes(["incremental"]), TextWriter.Null, 1).RunAsync(CancellationToken.None);

        Assert.Equal([(1, "incremental"), (2, "incremental")], first.Select(r => (r.Week, r.Regime)));
        var fullCheckpoints = Path.Combine(_work, "checkpoints", "models", "full");
        Assert.False(Directory.Exists(fullCheckpoints), "the full regime was not asked for, so nothing of it may be trained");
        var incrementalW2 = File.GetLastWriteTimeUtc(Path.Combine(_work, "results", "incremental-w2.json"));

        var all = await new QualityExperiment(_data, _work, config, TextWriter.Null, 1).RunAsync(CancellationToken.None);

        Assert.Equal(6, all.Count);
        Assert.True(Directory.Exists(fullCheckpoints));
        Assert.Equal(first[1], all.Single(r => r.Week == 2 && r.Regime == "incremental"));
        Assert.Equal(incrementalW2, File.GetLastWriteTimeUtc(Path.Combine(_work, "results", "incremental-w2.json")));
        Assert.Equal(["incremental", "full", "stale"], QualityReport.Summarize(all).Select(s => s.Regime));
        Assert.Equal(["incremental"], QualityReport.Summarize(first).Select(s => s.Regime));
    }

    [Fact]
    public async Task RunAsync_FullWeekHeldByAnotherProcess_TrainsTheOtherWeeksFirstThenWaitsForIt()
    {
        WritePeriods(4);
        var claim = StepClaim.PathOf(_work, "full-w2");
        Directory.CreateDirectory(Path.GetDirectoryName(claim)!);
        File.WriteAllText(claim, "some-other-host 1 0");
        var log = new StringWriter();
        var experiment = new QualityExperiment(_data, _work, TinyConfig(3).WithRegimes(["full"]), TextWriter.Synchronized(log), 1)
        {
            ClaimPollInterval = TimeSpan.FromMilliseconds(50),
        };

        var run = experiment.RunAsync(CancellationToken.None);
        await WaitUntilAsync(() => log.ToString().Contains("waiting for full-w2", StringComparison.Ordinal) || run.IsCompleted);

        Assert.False(run.IsCompleted, "week 2 is held, so the run must wait for it");
        Assert.True(File.Exists(Path.Combine(_work, "results", "full-w3.json")), "week 3 does not depend on week 2 and is done first");
        Assert.False(File.Exists(Path.Combine(_work, "results", "full-w2.json")));

        // The other process "dies": its claim disappears without a result, so this process trains the week itself.
        File.Delete(claim);
        var results = await run;

        Assert.Equal([(1, "full"), (2, "full"), (3, "full")], results.Select(r => (r.Week, r.Regime)));
        Assert.True(results[1].TrainExamples > 0);
        var text = log.ToString();
        Assert.True(text.IndexOf("training full/w3", StringComparison.Ordinal) < text.IndexOf("training full/w2", StringComparison.Ordinal), text);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(claim)!));
    }

    [Fact]
    public async Task RunAsync_ResultsKeptButWorkFolderGone_TrainsNothingAndReturnsTheRecordedResults()
    {
        WritePeriods(3);
        var results = Directory.CreateTempSubdirectory("funcrec-quality-results-").FullName;
        try
        {
            var first = await new QualityExperiment(_data, _work, TinyConfig(2), TextWriter.Null, 1, results).RunAsync(CancellationToken.None);
            Assert.False(Directory.Exists(Path.Combine(_work, "results")), "results belong in the results folder");
            Directory.Delete(_work, recursive: true);
            Directory.CreateDirectory(_work);
            var log = new StringWriter();

            var again = await new QualityExperiment(_data, _work, TinyConfig(2), log, 1, results).RunAsync(CancellationToken.None);

            Assert.Equal(first, again);
            Assert.DoesNotContain("training ", log.ToString(), StringComparison.Ordinal);
            // Nothing ran here, so there is no pace to extrapolate an ETA from.
            Assert.DoesNotContain("ETA", log.ToString(), StringComparison.Ordinal);
            Assert.Contains("3/3 recorded earlier (full w2)", log.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(_work, "checkpoints")));
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_IncrementalWeekMissingAndCheckpointsGone_RetrainsTheChainAndReproducesTheWeek()
    {
        WritePeriods(4);
        var results = Directory.CreateTempSubdirectory("funcrec-quality-results-").FullName;
        try
        {
            var config = TinyConfig(3).WithRegimes(["incremental"]);
            var first = await new QualityExperiment(_data, _work, config, TextWriter.Null, 1, results).RunAsync(CancellationToken.None);
            var week2 = Path.Combine(results, "results", "incremental-w2.json");
            var week2Written = File.GetLastWriteTimeUtc(week2);
            File.Delete(Path.Combine(results, "results", "incremental-w3.json"));
            Directory.Delete(Path.Combine(_work, "checkpoints"), recursive: true);
            var log = new StringWriter();

            var again = await new QualityExperiment(_data, _work, config, log, 1, results).RunAsync(CancellationToken.None);

            var text = log.ToString();
            Assert.True(text.IndexOf("training incremental/w1", StringComparison.Ordinal) < text.IndexOf("training incremental/w2", StringComparison.Ordinal), text);
            Assert.True(text.IndexOf("training incremental/w2", StringComparison.Ordinal) < text.IndexOf("training incremental/w3", StringComparison.Ordinal), text);
            Assert.Equal(week2Written, File.GetLastWriteTimeUtc(week2));
            Assert.Contains("2/3 recorded earlier (incremental w2)", text, StringComparison.Ordinal);
            Assert.Contains("3/3 trained (incremental w3)", text, StringComparison.Ordinal);
            // Seeded training on one thread: the retrained chain gives week 3 exactly as before.
            Assert.Equal(Measured(first[2]), Measured(again[2]));
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    private static (double, double, double, double, long, long) Measured(WeekResult r) => (r.Recall20, r.Mrr20, r.Recall10, r.Mrr10, r.Cases, r.TrainExamples);

    private static QualityConfig TinyConfig(int weeks) => new("tiny", weeks, new Dictionary<string, string>
    {
        ["HoldoutFraction"] = "0", ["Epochs"] = "1", ["IncrementalEpochs"] = "1", ["Dim"] = "8", ["Negatives"] = "16", ["ReplaySessions"] = "10",
    }, 0);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the run");
            await Task.Delay(20);
        }
    }

    private void WritePeriods(int periods) => SyntheticSessions.WritePeriods(_data, periods);

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_work, recursive: true);
    }
}
