namespace FuncRec.Core.Checkpoints;

/// <summary>
/// Blob paths of the checkpoint layout: <c>models/{model}/versions/{version}/</c> holds the files
/// below, <c>manifest.json</c> is written last, and <c>models/{model}/CURRENT</c> names the serving
/// version and changes only by ETag compare-and-swap. Paths are relative to the models container.
/// </summary>
public static class CheckpointLayout
{
    /// <summary>The weights file, standard safetensors.</summary>
    public const string WeightsFile = "weights.safetensors";

    /// <summary>The optimizer state (Adam moments and step), safetensors as well.</summary>
    public const string OptimizerFile = "optimizer.bin";

    /// <summary>The external-id to row maps for items, categories and users.</summary>
    public const string IdMapFile = "idmap.bin";

    /// <summary>
    /// The item co-occurrence table of the hybrid ranking (<see cref="ItemCooccurrence"/>), safetensors. Optional: only
    /// versions trained with it hold it, written before the manifest and listed in its sha256 map like the others.
    /// </summary>
    public const string CooccurrenceFile = "cooccurrence.safetensors";

    /// <summary>The manifest; its presence marks a version as complete.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The pointer blob naming the serving version.</summary>
    public const string CurrentPointer = "CURRENT";

    /// <summary>The files a complete version holds besides the manifest, in the order they are written.</summary>
    public static IReadOnlyList<string> DataFiles { get; } = [WeightsFile, OptimizerFile, IdMapFile];

    /// <summary><c>models/{model}/</c>.</summary>
    public static string ModelPrefix(string model) => $"models/{ValidateName(model, nameof(model))}/";

    /// <summary><c>models/{model}/versions/</c>.</summary>
    public static string VersionsPrefix(string model) => $"{ModelPrefix(model)}versions/";

    /// <summary><c>models/{model}/versions/{version}/</c>.</summary>
    public static string VersionPrefix(string model, string version) =>
        $"{VersionsPrefix(model)}{ValidateName(version, nameof(version))}/";

    /// <summary>The path of <paramref name="file"/> within a version.</summary>
    public static string VersionFile(string model, string version, string file) => VersionPrefix(model, version) + file;

    /// <summary><c>models/{model}/CURRENT</c>.</summary>
    public static string CurrentPath(string model) => ModelPrefix(model) + CurrentPointer;

    /// <summary>
    /// A sortable version name: UTC time to the millisecond plus a short suffix, so listing order is
    /// creation order and two trainers never collide.
    /// </summary>
    public static string NewVersionName(DateTimeOffset createdUtc, string suffix) =>
        $"v{createdUtc.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{ValidateName(suffix, nameof(suffix))}";

    /// <summary>
    /// Model and version names become blob path segments: letters, digits, '-', '_' and '.' only,
    /// 1 to 64 characters, and never '.' or '..'.
    /// </summary>
    public static string ValidateName(string value, string paramName)
    {
        if (!IsValidName(value))
        {
            throw new ArgumentException(
                $"'{value}' is not a valid {paramName}: use 1-64 letters, digits, '-', '_' or '.'.", paramName);
        }

        return value;
    }

    /// <summary>True when <paramref name="value"/> is usable as a model or version name.</summary>
    public static bool IsValidName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64 || value is "." or "..")
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
