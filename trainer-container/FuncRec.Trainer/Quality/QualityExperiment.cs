using System.Diagnostics;
using System.Text.Json;
using FuncRec.Core.Sessions;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Evaluation;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Runtime;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Quality;

/// <summary>
/// The incremental-vs-full-vs-stale experiment (DESIGN.md quality protocol): for t = 1..T the model is updated
/// on period t−1 and tested on period t. The period-0 model is shared: it is week 1 of every regime and the
/// stale model of every week. Each version is a checkpoint in the machine-local work folder and each week's result a
/// JSON file in the results folder, so an interrupted run resumes where it stopped. A step whose result exists is never
/// trained again, so a results folder kept in the repository carries a run that is longer than one machine's session
/// over to a fresh clone: only the missing steps run there, and an incremental week whose parent checkpoint is gone
/// retrains the chain up to it first.
/// </summary>
public sealed class QualityExperiment
{
    /// <summary>The regimes, in report order.</summary>
    public static readonly string[] Regimes = ["incremental", "full", "stale"];

    private readonly string _dataDirectory;
    private readonly string _workDirectory;
    private readonly string _resultsDirectory;
    private readonly QualityConfig _config;
    private readonly TextWriter _log;
    private readonly CheckpointStore _store;
    private readonly IncrementalTrainer _trainer;
    private readonly DigineticaCategories? _categories;
    private readonly TrainingOptions _training;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private HashSet<string> _recordedAtStart = [];
    private int _recordedSteps;

    /// <summary>
    /// Prepares a run over the period files in <paramref name="dataDirectory"/>, keeping checkpoints and claims in
    /// <paramref name="workDirectory"/> and per-week results and wall-time spans in <paramref name="resultsDirectory"/>
    /// (the work folder when null).
    /// </summary>
    public QualityExperiment(string dataDirectory, string workDirectory, QualityConfig config, TextWriter log, int threads, string? resultsDirectory = null)
    {
        _dataDirectory = dataDirectory;
        _workDirectory = workDirectory;
        _resultsDirectory = resultsDirectory ?? workDirectory;
        _config = config;
        _log = log;
        _store = new CheckpointStore(new DirectoryCheckpointStorage(Path.Combine(workDirectory, "checkpoints")));
        var training = new TrainingOptions { Threads = threads };
        _trainer = new IncrementalTrainer(_store, Options.Create(new ModelOptions()), Options.Create(training));
        _training = config.Training();
        _categories = DigineticaCategories.TryLoad(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!);
        Threads = threads;
        Wall = new WallClock(_resultsDirectory, DateTimeOffset.UtcNow);
    }

    /// <summary>This invocation's span of the run's wall time, extended after every step.</summary>
    public WallClock Wall { get; }

    /// <summary>libtorch threads used for training and evaluation.</summary>
    public int Threads { get; }

    /// <summary>How often a process waiting for another's step looks again.</summary>
    public TimeSpan ClaimPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Test weeks actually run.</summary>
    public int Weeks => Math.Min(_config.Weeks, DigineticaPeriodSource.CountPeriods(_dataDirectory) - 1);

    /// <summary>Runs (or resumes) every step and returns all week results.</summary>
    public async Task<List<WeekResult>> RunAsync(CancellationToken cancellationToken)
    {
        if (Weeks < 1)
        {
            throw new FileNotFoundException($"Need at least period_0.txt and period_1.txt in {_dataDirectory}.");
        }

        TorchRuntime.SetThreads(Threads);
        var results = new List<WeekResult>();
        var runs = _config.Regimes;
        var chains = runs.Count(r => r != "stale");
        var steps = 1 + chains * (Weeks - 1);
        var done = 0;
        _recordedAtStart = Directory.Exists(ResultsFolder)
            ? Directory.EnumerateFiles(ResultsFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.Ordinal)
            : [];
        var deferred = new List<int>();
        for (var t = 1; t <= Weeks; t++)
        {
            var week = t;
            if (t == 1)
            {
                var shared = await RunClaimedAsync("incremental-w1", () => TrainAndEvaluateIncrementalAsync(week, cancellationToken), cancellationToken);
                Progress(++done, steps, "incremental-w1", "period-0 model");
                results.AddRange(runs.Select(regime => shared with { Regime = regime }));
                continue;
            }

            if (runs.Contains("incremental"))
            {
                results.Add(await RunClaimedAsync($"incremental-w{t}", () => TrainAndEvaluateIncrementalAsync(week, cancellationToken), cancellationToken));
                Progress(++done, steps, $"incremental-w{t}", $"incremental w{t}");
            }

            if (runs.Contains("full"))
            {
                // Full retrains do not depend on each other, so a week another process holds is left for later.
                if (await TryRunClaimedAsync($"full-w{t}", () => TrainAndEvaluateFullAsync(week, cancellationToken)) is { } full)
                {
                    results.Add(full);
                    Progress(++done, steps, $"full-w{t}", $"full w{t}");
                }
                else
                {
                    _log.WriteLine($"[quality] full/w{t} is held by another process; going on with the next step");
                    deferred.Add(t);
                }
            }

            if (runs.Contains("stale"))
            {
                results.Add(await RunClaimedAsync($"stale-w{t}", () => EvaluateStaleAsync(week, cancellationToken), cancellationToken));
            }
        }

        foreach (var t in deferred)
        {
            results.Add(await RunClaimedAsync($"full-w{t}", () => TrainAndEvaluateFullAsync(t, cancellationToken), cancellationToken));
            Progress(++done, steps, $"full-w{t}", $"full w{t}");
        }

        return results.OrderBy(r => r.Week).ThenBy(r => Array.IndexOf(Regimes, r.Regime)).ToList();
    }

    /// <summary>
    /// Runs one step under its claim, so processes sharing the work folder never train or evaluate the same step at
    /// once; null when another live process holds the claim. A step whose result exists runs without a claim, since it
    /// only reads what its holder wrote.
    /// </summary>
    private async Task<WeekResult?> TryRunClaimedAsync(string step, Func<Task<WeekResult>> run)
    {
        if (File.Exists(ResultPath(step)))
        {
            return await run();
        }

        using var claim = StepClaim.TryAcquire(_workDirectory, step);
        return claim is null ? null : await run();
    }

    /// <summary>Runs one step under its claim, polling while another live process holds it.</summary>
    private async Task<WeekResult> RunClaimedAsync(string step, Func<Task<WeekResult>> run, CancellationToken cancellationToken)
    {
        for (var announced = false; ; announced = true)
        {
            if (await TryRunClaimedAsync(step, run) is { } result)
            {
                return result;
            }

            if (!announced)
            {
                _log.WriteLine($"[quality] waiting for {step}, held by another process ({StepClaim.PathOf(_workDirectory, step)})");
            }

            await Task.Delay(ClaimPollInterval, cancellationToken);
        }
    }

    private async Task<WeekResult> TrainAndEvaluateIncrementalAsync(int t, CancellationToken cancellationToken)
    {
        if (await TryReadResultAsync($"incremental-w{t}", cancellationToken) is { } done)
        {
            return done;
        }

        var (examples, seconds) = await EnsureIncrementalAsync(t, cancellationToken);
        return await EvaluateAsync("incremental", $"w{t}", t, examples, seconds, "incremental", cancellationToken);
    }

    private async Task<WeekResult> TrainAndEvaluateFullAsync(int t, CancellationToken cancellationToken)
    {
        if (await TryReadResultAsync($"full-w{t}", cancellationToken) is { } done)
        {
            return done;
        }

        var (examples, seconds) = await EnsureTrainedAsync("full", $"w{t}", null, TrainingMode.Full, 0, t - 1, cancellationToken);
        return await EvaluateAsync("full", $"w{t}", t, examples, seconds, "full", cancellationToken);
    }

    private async Task<WeekResult> EvaluateStaleAsync(int t, CancellationToken cancellationToken)
    {
        if (await TryReadResultAsync($"stale-w{t}", cancellationToken) is { } done)
        {
            return done;
        }

        await EnsureIncrementalAsync(1, cancellationToken);
        return await EvaluateAsync("incremental", "w1", t, 0, 0, "stale", cancellationToken);
    }

    /// <summary>
    /// The checkpoint of incremental week <paramref name="t"/>. Results may outlive checkpoints (they come with the
    /// repository, checkpoints stay on the machine that trained them), so a missing parent is retrained first, down to
    /// the period-0 model; training is seeded, so the chain comes out as it was.
    /// </summary>
    private async Task<(long Examples, double Seconds)> EnsureIncrementalAsync(int t, CancellationToken cancellationToken)
    {
        if (t == 1)
        {
            return await EnsureTrainedAsync("incremental", "w1", null, TrainingMode.Full, 0, 0, cancellationToken);
        }

        if (await _store.TryGetManifestAsync("incremental", $"w{t}", cancellationToken) is null)
        {
            await EnsureIncrementalAsync(t - 1, cancellationToken);
        }

        return await EnsureTrainedAsync("incremental", $"w{t}", $"w{t - 1}", TrainingMode.Incremental, t - 1, t - 1, cancellationToken);
    }

    private async Task<WeekResult?> TryReadResultAsync(string step, CancellationToken cancellationToken)
    {
        var path = ResultPath(step);
        return File.Exists(path) ? JsonSerializer.Deserialize<WeekResult>(await File.ReadAllTextAsync(path, cancellationToken)) : null;
    }

    private string ResultsFolder => Path.Combine(_resultsDirectory, "results");

    private string ResultPath(string step) => Path.Combine(ResultsFolder, $"{step}.json");

    private async Task<(long Examples, double Seconds)> EnsureTrainedAsync(
        string model, string version, string? parent, TrainingMode mode, int firstPeriod, int lastPeriod, CancellationToken cancellationToken)
    {
        var existing = await _store.TryGetManifestAsync(model, version, cancellationToken);
        if (existing is null)
        {
            _log.WriteLine($"[quality] training {model}/{version} ({mode}, periods {firstPeriod}-{lastPeriod}{(parent is null ? string.Empty : $", parent {parent}")})");
            var result = await _trainer.TrainAsync(new TrainingRequest
            {
                Model = model,
                Version = version,
                ParentVersion = parent,
                Mode = mode,
                Data = new DigineticaPeriodSource(_dataDirectory, firstPeriod, lastPeriod, _categories),
                Hyperparameters = _config.Overrides,
            }, null, cancellationToken);
            existing = result.Manifest;
        }

        return (existing.Counts["examples"], existing.Counts["train_ms"] / 1000.0);
    }

    private async Task<WeekResult> EvaluateAsync(
        string model, string version, int week, long examples, double seconds, string regime, CancellationToken cancellationToken)
    {
        var path = ResultPath($"{regime}-w{week}");
        var known = KnownItems(week);
        var test = TestSessions(week);

        var (_, state) = await _store.LoadAsync(model, version, TorchRuntime.SelectDevice("auto"), cancellationToken: cancellationToken);
        using (state)
        {
            var eval = CheckpointEvaluator.Evaluate(state.Model, state.IdMaps, test, known, TorchRuntime.SelectDevice("auto"), _training.SessionItemsFirst, cancellationToken: cancellationToken,
                boost: CooccurrenceBoost.For(_training, state.Cooccurrence));
            var s = eval.Summary;
            var result = new WeekResult(regime, week, s.At(20).Recall, s.At(20).Mrr, s.At(10).Recall, s.At(10).Mrr, s.Cases, examples, seconds);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written aside and renamed, because another process sharing the folder may read it the moment it exists.
            await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(result), cancellationToken);
            File.Move(path + ".tmp", path, overwrite: true);
            _log.WriteLine($"[quality] week {week,2} {regime,-11} recall@20={100 * result.Recall20:F2} mrr@20={100 * result.Mrr20:F2} cases={result.Cases} eval={eval.Seconds:F0}s");
            return result;
        }
    }

    private HashSet<string> KnownItems(int week)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in new DigineticaPeriodSource(_dataDirectory, 0, week - 1).ReadSessions())
        {
            foreach (var e in s.Events)
            {
                known.Add(e.ItemId);
            }
        }

        return known;
    }

    private List<SessionSequence> TestSessions(int week)
    {
        var sessions = new DigineticaPeriodSource(_dataDirectory, week, week, _categories).ReadSessions().ToList();
        if (_config.MaxTestSessions <= 0 || sessions.Count <= _config.MaxTestSessions)
        {
            return sessions;
        }

        // A seeded sample, identical for every regime, kept in chronological order.
        var indices = Enumerable.Range(0, sessions.Count).ToArray();
        new Random(1000 + week).Shuffle(indices);
        return indices.Take(_config.MaxTestSessions).Order().Select(i => sessions[i]).ToList();
    }

    private void Progress(int done, int steps, string step, string what)
    {
        var elapsed = _clock.Elapsed;
        Wall.Record(DateTimeOffset.UtcNow);
        if (_recordedAtStart.Contains(step))
        {
            _recordedSteps++;
            _log.WriteLine($"[quality] {done}/{steps} recorded earlier ({what})");
            return;
        }

        // Steps read back from the ledger take no time, so only the ones run here say how long the rest will take.
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / (done - _recordedSteps) * (steps - done));
        _log.WriteLine($"[quality] {done}/{steps} trained ({what}); elapsed {elapsed:hh\\:mm\\:ss}, rough ETA {eta:hh\\:mm\\:ss}");
    }
}
