namespace FuncRec.Infrastructure.LocalServices;

/// <summary>Where the project's own tools live (<c>.tools/</c>) and where local services keep their data (<c>.run/</c>).</summary>
public static class LocalServicePaths
{
    private static readonly Lazy<string?> s_repoRoot = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding FuncRec.sln), or null when running outside a checkout.</summary>
    public static string? RepoRoot => s_repoRoot.Value;

    /// <summary>
    /// The tools folder: <c>FUNCREC_TOOLS</c> when set, else <c>.tools</c> in the repository root.
    /// </summary>
    public static string ToolsDirectory =>
        Environment.GetEnvironmentVariable("FUNCREC_TOOLS")
        ?? Path.Combine(RepoRoot ?? Directory.GetCurrentDirectory(), ".tools");

    /// <summary>
    /// A fresh folder under <c>.run/</c> (or the temp folder outside a checkout) for one service instance.
    /// <c>./funcrec test</c> kills any process whose working directory is still under <c>.run/</c> afterwards, as a backstop
    /// for a test host that died before its fixtures were disposed.
    /// </summary>
    public static string NewRunDirectory(string service)
    {
        var root = RepoRoot is { } r ? Path.Combine(r, ".run") : Path.Combine(Path.GetTempPath(), "funcrec-run");
        var dir = Path.Combine(root, $"{service}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..(service.Length + 20)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Finds an executable on PATH.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var dir in new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin" })
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FuncRec.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
