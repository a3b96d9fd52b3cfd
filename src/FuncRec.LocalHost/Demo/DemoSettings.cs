using System.Globalization;

namespace FuncRec.LocalHost.Demo;

/// <summary>Command-line settings of <c>funcrec-local demo</c>.</summary>
public sealed record DemoSettings
{
    /// <summary>Exit after the report instead of serving until Ctrl+C.</summary>
    public bool Exit { get; init; }

    /// <summary>Test weeks replayed after the initial block (period 0). Default: all 16.</summary>
    public int Weeks { get; init; } = 16;

    /// <summary>The Diginetica folder; null finds <c>../shared/data/diginetica</c>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Wall seconds one simulated week of events is spread over when replayed (the accelerated clock).</summary>
    public double WeekSeconds { get; init; } = 4;

    /// <summary>Test sessions sampled per week for the online quality measurement (seeded).</summary>
    public int EvalSessions { get; init; } = 1000;

    /// <summary>Replay a generated stream instead of the real data (labelled synthetic everywhere).</summary>
    public bool Synthetic { get; init; }

    /// <summary>Model name.</summary>
    public string Model { get; init; } = "session-rec";

    /// <summary>Arguments not understood here, passed to the host as configuration (<c>--Section:Key=value</c>).</summary>
    public IReadOnlyList<string> HostArgs { get; init; } = [];

    /// <summary>Parses the demo's arguments; configuration overrides pass through to the host.</summary>
    public static DemoSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new DemoSettings();
        var host = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--exit" => settings with { Exit = true },
                "--weeks" => settings with { Weeks = ParsePositive(Next(), "--weeks", 16) },
                "--data" => settings with { DataDirectory = Next() },
                "--week-seconds" => settings with { WeekSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--eval-sessions" => settings with { EvalSessions = ParsePositive(Next(), "--eval-sessions", 1_000_000) },
                "--synthetic" => settings with { Synthetic = true },
                var a when a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal) => Pass(settings, host, a),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return settings with { HostArgs = host };
    }

    private static DemoSettings Pass(DemoSettings settings, List<string> host, string arg)
    {
        host.Add(arg);
        return settings;
    }

    private static int ParsePositive(string text, string name, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1 && v <= max
            ? v
            : throw new ArgumentException($"{name} must be between 1 and {max}, got '{text}'.");
}
