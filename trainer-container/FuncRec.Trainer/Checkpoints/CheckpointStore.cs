using System.Security.Cryptography;
using System.Text.Json;
using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Checkpoints;

/// <summary>
/// Saves and loads model versions under <c>models/{model}/versions/{version}/</c>: <c>weights.safetensors</c>,
/// <c>optimizer.bin</c>, <c>idmap.bin</c> and, when the state has one, <c>cooccurrence.safetensors</c> first, then
/// <c>manifest.json</c> with the sha256 of each, so a version without a manifest is incomplete and a load verifies
/// every file against it.
/// </summary>
public sealed class CheckpointStore
{
    private readonly ICheckpointStorage _storage;

    /// <summary>Stores checkpoints in <paramref name="storage"/>.</summary>
    public CheckpointStore(ICheckpointStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <summary>Writes a version; returns the manifest as written (with the sha256 entries filled in).</summary>
    public async Task<ModelManifest> SaveAsync(TrainerState state, ModelManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(manifest);
        if (state.Model.ItemRows != state.IdMaps.ItemRows || state.Model.CategoryRows != state.IdMaps.CategoryRows)
        {
            throw new InvalidOperationException("The model's embedding rows do not match its id maps.");
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [CheckpointLayout.WeightsFile] = ModelWeights.Serialize(state.Model),
            [CheckpointLayout.OptimizerFile] = OptimizerStateFile.Serialize(state),
            [CheckpointLayout.IdMapFile] = SerializeIdMaps(state.IdMaps),
        };
        if (state.Cooccurrence.Rows > 0)
        {
            files[CheckpointLayout.CooccurrenceFile] = state.Cooccurrence.Serialize();
        }

        var sha = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in files.Keys)
        {
            await _storage.WriteAsync(CheckpointLayout.VersionFile(manifest.Model, manifest.Version, name), files[name], cancellationToken).ConfigureAwait(false);
            sha[name] = Convert.ToHexStringLower(SHA256.HashData(files[name]));
        }

        var complete = manifest with { Sha256 = sha };
        var json = JsonSerializer.SerializeToUtf8Bytes(complete, CheckpointJsonContext.Default.ModelManifest);
        await _storage.WriteAsync(CheckpointLayout.VersionFile(manifest.Model, manifest.Version, CheckpointLayout.ManifestFile), json, cancellationToken).ConfigureAwait(false);
        return complete;
    }

    /// <summary>The manifest of a version, or null when the version is absent or incomplete.</summary>
    public async Task<ModelManifest?> TryGetManifestAsync(string model, string version, CancellationToken cancellationToken = default)
    {
        var bytes = await _storage.ReadAsync(CheckpointLayout.VersionFile(model, version, CheckpointLayout.ManifestFile), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize(bytes, CheckpointJsonContext.Default.ModelManifest);
    }

    /// <summary>Loads a complete version onto <paramref name="device"/>, verifying each file's sha256.</summary>
    /// <exception cref="InvalidDataException">The version is missing, incomplete or corrupt.</exception>
    public async Task<(ModelManifest Manifest, TrainerState State)> LoadAsync(
        string model, string version, Device device, double dropout = 0.0, CancellationToken cancellationToken = default)
    {
        var manifest = await TryGetManifestAsync(model, version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Version {model}/{version} has no manifest (missing or incomplete).");
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var optional = manifest.Sha256.ContainsKey(CheckpointLayout.CooccurrenceFile) ? [CheckpointLayout.CooccurrenceFile] : Array.Empty<string>();
        foreach (var name in CheckpointLayout.DataFiles.Concat(optional))
        {
            var bytes = await _storage.ReadAsync(CheckpointLayout.VersionFile(model, version, name), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Version {model}/{version} lacks {name}.");
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!manifest.Sha256.TryGetValue(name, out var expected) || !string.Equals(expected, actual, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Version {model}/{version}: {name} has sha256 {actual}, the manifest says {expected ?? "nothing"}.");
            }

            files[name] = bytes;
        }

        using var idStream = new MemoryStream(files[CheckpointLayout.IdMapFile]);
        var idMaps = ModelIdMaps.Read(idStream);
        var weights = ModelWeights.Load(SafeTensorsFile.Read(files[CheckpointLayout.WeightsFile]), dropout);
        weights.to(device);
        var (optimizer, replay, counts) = OptimizerStateFile.Deserialize(SafeTensorsFile.Read(files[CheckpointLayout.OptimizerFile]), device);
        var cooccurrence = files.TryGetValue(CheckpointLayout.CooccurrenceFile, out var table)
            ? ItemCooccurrence.FromSafeTensors(SafeTensorsFile.Read(table))
            : ItemCooccurrence.Empty;
        return (manifest, new TrainerState(weights, idMaps, optimizer, replay, counts) { Cooccurrence = cooccurrence });
    }

    private static byte[] SerializeIdMaps(ModelIdMaps maps)
    {
        using var buffer = new MemoryStream();
        maps.Write(buffer);
        return buffer.ToArray();
    }
}
