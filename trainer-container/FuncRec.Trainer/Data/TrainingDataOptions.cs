using FuncRec.Trainer.Execution;

namespace FuncRec.Trainer.Data;

/// <summary>Where offline datasets live.</summary>
public sealed class TrainingDataOptions
{
    /// <summary>Configuration section (<c>TrainingData__DigineticaDirectory</c>).</summary>
    public const string SectionName = "TrainingData";

    /// <summary>
    /// The Diginetica folder holding <c>ader_periods/period_N.txt</c>. Default: none, which means
    /// <c>../shared/data/diginetica</c> next to the repository root (found by walking up to <c>FuncRec.sln</c>
    /// from the working directory and the app's folder). A relative path is taken from the working directory.
    /// In the container image set it to the mounted data folder.
    /// </summary>
    public string? DigineticaDirectory { get; set; }

    /// <summary>The configured folder, or <c>../shared/data/diginetica</c> beside the repository root.</summary>
    /// <exception cref="TrainingJobException">Neither is set or found.</exception>
    public string ResolveDigineticaDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DigineticaDirectory))
        {
            return Path.GetFullPath(DigineticaDirectory);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FuncRec.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", DatasetSlice.Diginetica));
                }
            }
        }

        throw new TrainingJobException(
            $"The Diginetica folder was not found: set {SectionName}:{nameof(DigineticaDirectory)}.");
    }
}
