using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using FuncRec.Core.Checkpoints;

namespace FuncRec.Testing;

/// <summary>Writes model versions to real Azurite the way the trainer does: data files, manifest last, then CURRENT.</summary>
public sealed class ModelVersionPublisher(BlobContainerClient container, string model)
{
    /// <summary>Publishes the builder's weights and id maps as <paramref name="version"/>.</summary>
    public Task PublishAsync(string version, ModelWeightsBuilder builder, bool corruptWeightsSha = false, bool setCurrent = true) =>
        PublishFilesAsync(version, builder.BuildWeights(), builder.BuildIdMap(), corruptWeightsSha, setCurrent);

    /// <summary>Publishes given files; <paramref name="corruptWeightsSha"/> writes a wrong sha256 for the weights.</summary>
    public async Task PublishFilesAsync(string version, byte[] weights, byte[] idMap, bool corruptWeightsSha = false, bool setCurrent = true)
    {
        await container.CreateIfNotExistsAsync();
        await Upload(CheckpointLayout.VersionFile(model, version, CheckpointLayout.WeightsFile), weights);
        await Upload(CheckpointLayout.VersionFile(model, version, CheckpointLayout.IdMapFile), idMap);
        var weightsSha = Sha(weights);
        if (corruptWeightsSha)
        {
            weightsSha = (weightsSha[0] == '0' ? "1" : "0") + weightsSha[1..];
        }

        var manifest = new ModelManifest
        {
            Model = model,
            Version = version,
            CreatedUtc = DateTimeOffset.UtcNow,
            Mode = "full",
            TrainerVersion = "test",
            Sha256 = new Dictionary<string, string>
            {
                [CheckpointLayout.WeightsFile] = weightsSha,
                [CheckpointLayout.IdMapFile] = Sha(idMap),
            },
        };
        await Upload(CheckpointLayout.VersionFile(model, version, CheckpointLayout.ManifestFile), JsonSerializer.SerializeToUtf8Bytes(manifest, CheckpointJsonContext.Default.ModelManifest));
        if (setCurrent)
        {
            await SetCurrentAsync(version);
        }
    }

    /// <summary>Points CURRENT at <paramref name="version"/>.</summary>
    public async Task SetCurrentAsync(string version)
    {
        await container.CreateIfNotExistsAsync();
        await Upload(CheckpointLayout.CurrentPath(model), System.Text.Encoding.UTF8.GetBytes(version));
    }

    private Task Upload(string path, byte[] bytes) => container.GetBlobClient(path).UploadAsync(new BinaryData(bytes), overwrite: true);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
