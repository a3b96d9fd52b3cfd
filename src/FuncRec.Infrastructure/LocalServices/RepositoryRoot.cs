namespace FuncRec.Infrastructure.LocalServices;

/// <summary>
/// Resolves command-line paths against the repository root (the folder holding FuncRec.sln), because <c>dotnet run</c>
/// starts a program in its project folder; outside a checkout (a container) paths stay relative to the current folder.
/// </summary>
public static class RepositoryRoot
{
    /// <summary>The repository root, or the current directory when none is found.</summary>
    public static string Path { get; } = Find();

    /// <summary>An absolute path: as given when rooted, else under the repository root.</summary>
    public static string Resolve(string path) =>
        System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, path));

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "FuncRec.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
