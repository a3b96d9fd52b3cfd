using FuncRec.Core.Checkpoints;
using FuncRec.Core.Updates;

namespace FuncRec.Workflow.Registry;

/// <summary>Model versions in blob storage, the CURRENT pointer (ETag compare-and-swap only), and the promotion log.</summary>
public interface IModelRegistry
{
    /// <summary>Every version folder, oldest first (by manifest creation time, then name).</summary>
    Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>A version's manifest, or null when absent (incomplete or unknown).</summary>
    Task<ModelManifest?> GetManifestAsync(string model, string version, CancellationToken cancellationToken = default);

    /// <summary>CURRENT, or null before the first promotion.</summary>
    Task<CurrentPointer?> GetCurrentAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Reads one file of a version; null when absent.</summary>
    Task<BinaryData?> ReadFileAsync(string model, string version, string file, CancellationToken cancellationToken = default);

    /// <summary>Points CURRENT at a complete version if CURRENT still names the expected one (ETag compare-and-swap), and logs it.</summary>
    Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points CURRENT back at <paramref name="toVersion"/>, or when null at the version CURRENT replaced
    /// (from the promotion log, else the current manifest's parent). Compare-and-swap as well.
    /// </summary>
    Task<PromotionResult> RollbackAsync(string model, string? toVersion, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Appends an entry to the promotion log unless one with its operation id and action is there.</summary>
    Task AppendLogAsync(PromotionLogEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The promotion log, oldest first.</summary>
    Task<IReadOnlyList<PromotionLogEntry>> GetPromotionLogAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the oldest complete versions beyond <paramref name="keep"/>, never CURRENT, its parent or a
    /// version in <paramref name="inUse"/>; incomplete versions are left alone (a trainer may be writing them).
    /// </summary>
    /// <returns>The versions deleted.</returns>
    Task<IReadOnlyList<string>> ApplyRetentionAsync(string model, int keep, IReadOnlyCollection<string> inUse, CancellationToken cancellationToken = default);
}
