namespace FuncRec.Trainer.Quality;

/// <summary>
/// The settings of the quality experiment. <see cref="Full"/> is the published protocol (16 test weeks, all
/// test sessions); <see cref="Reduced"/> (<c>--quick</c>) is a small configuration that finishes in minutes on
/// two shared CPU cores: 3 test weeks, 2 epochs from scratch, 1 incremental epoch, 3,000 replayed sessions
/// and at most 1,000 sampled test sessions per week.
/// </summary>
/// <param name="Name"><c>full</c> or <c>reduced</c> (the RESULT lines' <c>config=</c>).</param>
/// <param name="Weeks">Test weeks t = 1..Weeks (capped by the periods present).</param>
/// <param name="Overrides">Training/Model option overrides applied to every run.</param>
/// <param name="MaxTestSessions">Test sessions per week (a seeded sample when there are more); 0 = all.</param>
public sealed record QualityConfig(string Name, int Weeks, IReadOnlyDictionary<string, string> Overrides, int MaxTestSessions)
{
    /// <summary>The full protocol: Training defaults (8 epochs from scratch, 2 incremental epochs over the week plus 10,000 replayed sessions).</summary>
    public static QualityConfig Full { get; } = new("full", 16, new Dictionary<string, string>
    {
        ["HoldoutFraction"] = "0",
    }, 0);

    /// <summary>The reduced configuration of <c>--quick</c>.</summary>
    public static QualityConfig Reduced { get; } = new("reduced", 3, new Dictionary<string, string>
    {
        ["HoldoutFraction"] = "0",
        ["Epochs"] = "2",
        ["IncrementalEpochs"] = "1",
        ["ReplaySessions"] = "3000",
    }, 1000);

    /// <summary>A short fingerprint of the settings, part of the work folder's name so a changed config never resumes from stale results.</summary>
    public string Fingerprint()
    {
        var text = $"{Name}|{Weeks}|{MaxTestSessions}|" + string.Join(';', Overrides.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..8];
    }
}
