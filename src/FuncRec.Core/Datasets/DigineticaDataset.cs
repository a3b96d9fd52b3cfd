namespace FuncRec.Core.Datasets;

/// <summary>Locates the Diginetica folder: an explicit path, or <c>../shared/data/diginetica</c> beside the repository root.</summary>
public static class DigineticaDataset
{
    /// <summary>The path relative to the repository root.</summary>
    public const string RelativeToRepository = "../shared/data/diginetica";

    /// <summary>Resolves the data folder; throws <see cref="DirectoryNotFoundException"/> with the paths tried.</summary>
    public static string Resolve(string? directory = null)
    {
        if (!string.IsNullOrWhiteSpace(directory))
        {
            return Directory.Exists(Path.Combine(directory, "ader_periods"))
                ? Path.GetFullPath(directory)
                : throw new DirectoryNotFoundException($"'{directory}' has no ader_periods/ folder.");
        }

        var tried = new List<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FuncRec.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, RelativeToRepository));
                    tried.Add(candidate);
                    if (Directory.Exists(Path.Combine(candidate, "ader_periods")))
                    {
                        return candidate;
                    }

                    break;
                }
            }
        }

        throw new DirectoryNotFoundException($"Diginetica data not found (tried {string.Join(", ", tried.DefaultIfEmpty("no repository root found"))}); pass --data DIR.");
    }
}
