using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;

namespace FuncRec.Trainer.Quality;

/// <summary>
/// The settings of the quality experiment. <see cref="Full"/> is the published protocol (16 test weeks, all
/// test sessions); <see cref="Reduced"/> (<c>--quick</c>) is a small configuration that finishes in minutes on
/// two shared CPU cores: 3 test weeks, the d = 64 model with dropout 0.2, 2 epochs from scratch, 1 incremental epoch,
/// 3,000 replayed sessions and at most 1,000 sampled test sessions per week.
/// </summary>
/// <param name="Name"><c>full</c> or <c>reduced</c> (the RESULT lines' <c>config=</c>).</param>
/// <param name="Weeks">Test weeks t = 1..Weeks (capped by the periods present).</param>
/// <param name="Overrides">Training/Model option overrides applied to every run.</param>
/// <param name="MaxTestSessions">Test sessions per week (a seeded sample when there are more); 0 = all.</param>
public sealed record QualityConfig(string Name, int Weeks, IReadOnlyDictionary<string, string> Overrides, int MaxTestSessions)
{
    /// <summary>The full protocol with the Training/Model defaults (d = 128, dropout 0.5, 16 epochs from scratch, 4 incremental epochs over the week plus 20,000 recency-weighted replayed sessions, session-first ranking).</summary>
    public static QualityConfig Full { get; } = new("full", 16, new Dictionary<string, string>
    {
        ["HoldoutFraction"] = "0",
    }, 0);

    /// <summary>The reduced configuration of <c>--quick</c>.</summary>
    public static QualityConfig Reduced { get; } = new("reduced", 3, new Dictionary<string, string>
    {
        ["HoldoutFraction"] = "0",
        ["Dim"] = "64",
        ["Dropout"] = "0.2",
        ["Epochs"] = "2",
        ["IncrementalEpochs"] = "1",
        ["ReplaySessions"] = "3000",
    }, 1000);

    /// <summary>
    /// The regimes to run (default: all of <see cref="QualityExperiment.Regimes"/>). Not part of the
    /// <see cref="Fingerprint"/>: the regimes share the period-0 model and every cached step, so a run of one
    /// regime and a later run of all of them resume from the same folder.
    /// </summary>
    public IReadOnlyList<string> Regimes { get; init; } = QualityExperiment.Regimes;

    /// <summary>
    /// This configuration with <paramref name="settings"/> (Training/Model option names, e.g. <c>Dim=128</c>) laid over its
    /// overrides; the fingerprint changes with them, so tuned runs never resume from the defaults' results.
    /// </summary>
    public QualityConfig WithSettings(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Count == 0)
        {
            return this;
        }

        var merged = new Dictionary<string, string>(Overrides, StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        return this with { Overrides = merged };
    }

    /// <summary>This configuration limited to <paramref name="regimes"/>, which must be names from <see cref="QualityExperiment.Regimes"/>.</summary>
    public QualityConfig WithRegimes(IReadOnlyCollection<string> regimes)
    {
        ArgumentNullException.ThrowIfNull(regimes);
        var unknown = regimes.Where(r => !QualityExperiment.Regimes.Contains(r, StringComparer.Ordinal)).ToList();
        if (regimes.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown or missing regime(s) '{string.Join(',', unknown)}'; choose from {string.Join(',', QualityExperiment.Regimes)}.");
        }

        return this with { Regimes = QualityExperiment.Regimes.Where(regimes.Contains).ToArray() };
    }

    /// <summary>The effective Training options (defaults with the overrides applied), which also set the evaluation's ranking.</summary>
    public TrainingOptions Training()
    {
        var training = new TrainingOptions();
        HyperparameterOverrides.Apply(new ModelOptions(), training, Overrides);
        return training;
    }

    /// <summary>
    /// A short fingerprint of the settings, part of the work folder's name so a changed config never resumes from stale
    /// results. It covers the effective Model and Training options (defaults with the overrides applied), so changing a
    /// default in code starts a new folder too, and an override equal to its default changes nothing.
    /// </summary>
    public string Fingerprint()
    {
        var model = new ModelOptions();
        var training = new TrainingOptions();
        HyperparameterOverrides.Apply(model, training, Overrides);
        var options = HyperparameterOverrides.Describe(model, training);
        var text = $"{Name}|{Weeks}|{MaxTestSessions}|" + string.Join(';', options.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..8];
    }
}
