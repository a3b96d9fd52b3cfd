using FuncRec.Infrastructure.LocalServices;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Quality;

namespace FuncRec.Trainer.Hosting;

/// <summary>
/// <c>funcrec-trainer quality [--quick] [--data DIR] [--out FILE] [--work DIR] [--results DIR] [--weeks N] [--threads N] [--workers N] [--set K=V,...] [--regimes incremental,full,stale]</c>:
/// runs (or resumes) the quality experiment, writes the report and prints one RESULT line per regime.
/// The report goes to docs/quality.md, docs/quality-quick.md with <c>--quick</c>, and into the work folder for a tuning
/// run (<c>--set</c> or <c>--regimes</c>), so trying settings never overwrites the published table.
/// The same command may run in several processes at once: each claims the step it trains (<see cref="StepClaim"/>), so
/// they share the full regime's independent weeks, and each ends with the whole report once every step is done.
/// <c>--workers N</c> starts N − 1 such processes itself (<see cref="QualityWorkers"/>) and writes the report alone.
/// Checkpoints stay in the machine-local work folder (<c>.run/quality/</c>); the published protocol's per-week results go
/// to <c>docs/quality-runs/</c>, which is committed, so a run longer than one machine's lifetime resumes on a fresh clone.
/// </summary>
public static class QualityCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(CommandLine cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var config = cli.Has("quick") ? QualityConfig.Reduced : QualityConfig.Full;
        if (cli.Get("weeks") is not null)
        {
            config = config with { Weeks = cli.GetInt("weeks", config.Weeks) };
        }

        config = config.WithSettings(cli.GetSettings("set"));
        if (cli.Get("regimes") is { } regimes)
        {
            config = config.WithRegimes(regimes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var tuning = cli.Has("set") || cli.Has("regimes");

        var data = cli.DataDirectory();
        var folder = $"{config.Name}-{config.Fingerprint()}-{DigineticaPeriodSource.Fingerprint(data)}";
        var work = RepositoryRoot.Resolve(cli.Get("work", Path.Combine(".run", "quality", folder))!);
        // Only the published protocol's results are worth committing; quick and tuning runs keep theirs with their checkpoints.
        var published = !cli.Has("quick") && !tuning;
        var resultsDirectory = RepositoryRoot.Resolve(cli.Get("results", published ? Path.Combine("docs", "quality-runs", folder) : work)!);

        // One thread by default: on a shared 2-core machine libtorch's spinning worker threads cost more than they give.
        var threads = cli.GetInt("threads", 1);
        // A --quick run must not overwrite the full protocol's table, so it reports to a file of its own.
        var output = RepositoryRoot.Resolve(cli.Get("out", tuning ? Path.Combine(work, "quality.md") : Path.Combine("docs", cli.Has("quick") ? "quality-quick.md" : "quality.md"))!);
        Console.WriteLine($"[quality] config={config.Name} weeks={config.Weeks} data={data} work={work} results={resultsDirectory} (resumable: rerun the same command)");
        var workers = cli.GetInt("workers", 1);
        if (workers < 1)
        {
            throw new ArgumentException("--workers must be at least 1.");
        }

        var experiment = new QualityExperiment(data, work, config, Console.Out, threads, resultsDirectory);
        using var helpers = workers > 1 ? QualityWorkers.Start(workers - 1, work, cli.ArgumentsWithout("workers"), Console.Out) : null;
        var results = await experiment.RunAsync(CancellationToken.None);
        if (helpers is not null)
        {
            await helpers.WaitAsync(CancellationToken.None);
        }

        if (cli.Has(QualityWorkers.NoReportFlag[2..]))
        {
            experiment.Wall.Record(DateTimeOffset.UtcNow);
            Console.WriteLine("[quality] all steps done; the process that started this worker writes the report");
            return 0;
        }

        var commandLine = "funcrec-trainer quality" + (cli.Has("quick") ? " --quick" : string.Empty)
            + (cli.Get("weeks") is { } w ? $" --weeks {w}" : string.Empty)
            + (cli.Get("set") is { } set ? $" --set {set}" : string.Empty)
            + (cli.Get("regimes") is { } r ? $" --regimes {r}" : string.Empty);

        // Wall time accumulates over resumed and parallel invocations, so the report states the cost of the whole run.
        var wall = experiment.Wall.Record(DateTimeOffset.UtcNow);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[2] : "n/a";
        QualityReport.Write(output, results, config with { Weeks = experiment.Weeks }, commandLine, data, wall, threads, Environment.ProcessorCount, load);
        Console.WriteLine($"[quality] wrote {output}");
        foreach (var s in QualityReport.Summarize(results))
        {
            Console.WriteLine(QualityReport.ResultLine(s, config.Name));
        }

        return 0;
    }
}
