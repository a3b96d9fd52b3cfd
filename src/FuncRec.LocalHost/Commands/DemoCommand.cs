using System.Diagnostics;
using System.Globalization;
using FuncRec.Core.Datasets;
using FuncRec.Core.Updates;
using FuncRec.Infrastructure.LocalServices;
using FuncRec.LocalHost.Demo;
using FuncRec.LocalHost.Hosting;
using Microsoft.Extensions.Configuration;

namespace FuncRec.LocalHost.Commands;

/// <summary>
/// <c>funcrec-local demo</c>, the main job: the whole pipeline on this machine on the real Diginetica weeks, with a
/// live view, a report with a chart, and the scoring API left running on localhost (unless <c>--exit</c>).
/// </summary>
public static class DemoCommand
{
    /// <summary>
    /// Demo pacing, chosen so the 16 weeks finish in about ten minutes on 2 cores: a week of roughly 30-80k events
    /// crosses the 45k threshold or, failing that, the 12 s time window (a week's measurement and replay take about 10 s
    /// after a promotion, so the window closes as the week's last events land); training is kept short (the smaller d = 64
    /// model with dropout 0.2, which learns in few epochs and trains 2.7x faster than the quality defaults; 3 epochs from
    /// scratch, 1 incremental epoch, 1,024 sampled negatives, 2,000 replayed sessions, no second held-out pass in the
    /// trainer since the gate ranks the same sessions), because training jobs are most of the run's time (docs/demo.md);
    /// polling is tight so little time is lost between an update and the next.
    /// Every value can be overridden with <c>--Section:Key=value</c>.
    /// </summary>
    private static readonly Dictionary<string, string?> s_defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Updates:PolicyTickInterval"] = "00:00:01",
        ["Updates:Runner:WorkerPollInterval"] = "00:00:00.500",
        ["Updates:PollInterval"] = "00:00:03",
        ["Updates:Policy:MinPendingEvents"] = "45000",
        ["Updates:Policy:MinNewItems"] = "1000000",
        ["Updates:Policy:MaxStaleness"] = "00:00:12",
        ["Updates:Policy:TimeWindowMinEvents"] = "5000",
        ["Updates:Policy:CatalogBurstChanges"] = "1000000",
        ["Updates:Policy:DriftThreshold"] = "0.9",
        ["Updates:Policy:FailureBackoff"] = "00:00:05",
        ["Model:Dim"] = "64",
        ["Training:Dropout"] = "0.2",
        ["Training:Epochs"] = "3",
        ["Training:IncrementalEpochs"] = "1",
        ["Training:ReplaySessions"] = "2000",
        ["Training:Negatives"] = "1024",
        ["Training:EvaluateHoldout"] = "false",
        ["Serving:PollInterval"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:File:LogLevel:Default"] = "Information",
        ["Logging:File:LogLevel:Microsoft"] = "Warning",
        ["Logging:File:LogLevel:System"] = "Warning",
    };

    /// <summary>Runs the demo; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        DemoSettings settings;
        DigineticaImporter importer;
        try
        {
            settings = DemoSettings.Parse(args);
            importer = settings.Synthetic
                ? new DigineticaImporter(SyntheticPeriods.Generate(RepositoryRoot.Resolve(Path.Combine(".run", "synthetic-data")), settings.Weeks + 1))
                : new DigineticaImporter(settings.DataDirectory is null ? null : RepositoryRoot.Resolve(settings.DataDirectory));
        }
        catch (DirectoryNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"demo: {ex.Message}\ndemo: no real data to replay. Point --data at a Diginetica folder, or run `./funcrec demo --synthetic` for a generated stream (it is labelled synthetic, never passed off as real).").ConfigureAwait(false);
            return 2;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"demo: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        var wall = Stopwatch.StartNew();
        var folder = Path.Combine(RepositoryRoot.Resolve(".run"), $"demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var log = Path.Combine(folder, "host.log");
        Console.WriteLine(settings.Synthetic
            ? $"[demo] SYNTHETIC generated stream in {importer.Directory} (not real data): period 0, then {settings.Weeks} weeks"
            : $"[demo] real Diginetica data from {importer.Directory}: period 0, then {settings.Weeks} weeks");
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. settings.HostArgs]).Build();
        await using var embedded = await EmbeddedServices.StartMissingAsync(configuration, cancellationToken).ConfigureAwait(false);
        foreach (var line in embedded.Descriptions)
        {
            Console.WriteLine($"[demo] {line}");
        }

        await using var app = LocalHostBuilder.Build([.. settings.HostArgs], embedded, b =>
        {
            b.Configuration.AddInMemoryCollection(s_defaults).AddCommandLine([.. settings.HostArgs]);
            b.Logging.AddProvider(new FileLoggerProvider(log));
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var url = app.Urls.First();
        Console.WriteLine($"[demo] host listening on {url}; log: {log}");

        var state = new DemoState { DataLabel = settings.Synthetic ? "SYNTHETIC generated stream, not real data" : "real Diginetica weeks" };
        using var viewStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var view = DemoView.RunAsync(state, viewStop.Token);
        (string Stale, List<WeekMeasurement> Weeks, List<UpdateOutcome> Updates) result;
        try
        {
            result = await new DemoRunner(app.Services, settings, state).RunAsync(importer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await viewStop.CancelAsync().ConfigureAwait(false);
            await view.ConfigureAwait(false);
        }

        var report = DemoReport.Write(folder, settings, result.Stale, result.Weeks, result.Updates, wall.Elapsed.TotalSeconds);
        var served = result.Weeks.Count == 0 ? double.NaN : result.Weeks.Average(w => w.Served.At(20).Recall) * 100;
        var stale = result.Weeks.Count == 0 ? double.NaN : result.Weeks.Average(w => w.Stale.At(20).Recall) * 100;
        Console.WriteLine($"[demo] report: {report}");
        if (!settings.Exit)
        {
            Console.WriteLine($"[demo] still serving on {url}; try: curl '{url}/api/recommend/<userId>?k=10'   (Ctrl+C to stop)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT demo updates={result.Updates.Count} promoted={result.Updates.Count(u => u.Kind == UpdateOutcomeKind.Promoted)} rejected={result.Updates.Count(u => u.Kind == UpdateOutcomeKind.Rejected)} served_r20={served:0.00} stale_r20={stale:0.00} report={report}"));
        return 0;
    }
}
