using FuncRec.Infrastructure.LocalServices;

namespace FuncRec.Trainer.Hosting;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parsing for the trainer's commands.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>; a token after <c>--name</c> that does not start with <c>--</c> is its value.</summary>
    public CommandLine(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Arguments = [.. args];
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            string? value = null;
            if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            _values[name] = value;
        }
    }

    /// <summary>The arguments as given.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The arguments without <c>--name</c> and its value.</summary>
    public List<string> ArgumentsWithout(string name)
    {
        var result = new List<string>(Arguments.Count);
        for (var i = 0; i < Arguments.Count; i++)
        {
            if (Arguments[i] == $"--{name}")
            {
                i += i + 1 < Arguments.Count && !Arguments[i + 1].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
                continue;
            }

            result.Add(Arguments[i]);
        }

        return result;
    }

    /// <summary>True when <c>--name</c> was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value of <c>--name</c>, or <paramref name="fallback"/>.</summary>
    public string? Get(string name, string? fallback = null) => _values.TryGetValue(name, out var v) && v is not null ? v : fallback;

    /// <summary>The integer value of <c>--name</c>, or <paramref name="fallback"/>.</summary>
    public int GetInt(string name, int fallback) => Get(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>
    /// The <c>Key=Value</c> pairs of <c>--name K1=V1,K2=V2</c> (option overrides such as <c>--set Epochs=4,Dim=128</c>);
    /// empty when the flag is absent.
    /// </summary>
    public IReadOnlyDictionary<string, string> GetSettings(string name)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (Get(name) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || kv[0].Length == 0 || kv[1].Length == 0)
            {
                throw new ArgumentException($"--{name} expects Key=Value pairs separated by commas; got '{pair}'.");
            }

            settings[kv[0]] = kv[1];
        }

        return settings;
    }

    /// <summary>
    /// The dataset folder: <c>--data</c> (relative to the repository root, see <see cref="RepositoryRoot"/>), else
    /// <c>../shared/data/diginetica</c> beside the repository root or a folder above it.
    /// </summary>
    public string DataDirectory()
    {
        if (Get("data") is { } given)
        {
            var explicitDir = RepositoryRoot.Resolve(given);
            return Directory.Exists(Path.Combine(explicitDir, "ader_periods")) ? Path.Combine(explicitDir, "ader_periods") : explicitDir;
        }

        for (var dir = new DirectoryInfo(RepositoryRoot.Path); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "diginetica", "ader_periods");
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException("Diginetica periods not found; pass --data DIR (a folder of period_N.txt files).");
    }
}
