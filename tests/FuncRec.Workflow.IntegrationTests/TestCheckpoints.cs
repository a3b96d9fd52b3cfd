using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using FuncRec.Core.Checkpoints;

namespace FuncRec.Workflow.IntegrationTests;

/// <summary>Writes real checkpoint folders (safetensors, idmap, manifest last) to Azurite.</summary>
internal static class TestCheckpoints
{
    public static ModelIdMaps Items(int count)
    {
        var maps = new ModelIdMaps();
        for (var i = 0; i < count; i++)
        {
            maps.GetOrAddItem($"item{i}", $"cat{i % 3}");
        }

        return maps;
    }

    /// <summary>Item embeddings [items + 1, dim]: row 0 zeros, then each item on its cluster's axis plus small seeded noise.</summary>
    public static float[] ClusteredEmbeddings(int items, int dim, int clusterSize, int seed)
    {
        var rng = new Random(seed);
        var emb = new float[(items + 1) * dim];
        for (var r = 1; r <= items; r++)
        {
            var cluster = (r - 1) / clusterSize;
            for (var d = 0; d < dim; d++)
            {
                emb[r * dim + d] = (float)((d == cluster % dim ? 1.0 : 0.0) + (rng.NextDouble() - 0.5) * 0.1);
            }
        }

        return emb;
    }

    /// <summary>The same rows in a seeded random order (row 0 stays padding): what training on shuffled labels amounts to.</summary>
    public static float[] PermuteRows(float[] emb, int dim, int seed)
    {
        var rows = emb.Length / dim;
        var order = Enumerable.Range(1, rows - 1).ToArray();
        new Random(seed).Shuffle(order);
        var result = new float[emb.Length];
        for (var r = 1; r < rows; r++)
        {
            Array.Copy(emb, order[r - 1] * dim, result, r * dim, dim);
        }

        return result;
    }

    public static async Task WriteVersionAsync(
        BlobContainerClient container, string model, string version, string? parent, ModelIdMaps ids, float[] itemEmb, int dim,
        DateTimeOffset created, IReadOnlyDictionary<string, double>? metrics = null, bool withManifest = true)
    {
        await container.CreateIfNotExistsAsync();
        var catEmb = new float[ids.CategoryRows * dim];
        for (var i = dim; i < catEmb.Length; i++)
        {
            catEmb[i] = 0.01f;
        }

        var files = new Dictionary<string, byte[]>();
        using (var ms = new MemoryStream())
        {
            SafeTensorsFile.Write(ms, [SafeTensor.FromFloats("item_emb.weight", itemEmb, ids.ItemRows, dim), SafeTensor.FromFloats("cat_emb.weight", catEmb, ids.CategoryRows, dim)]);
            files[CheckpointLayout.WeightsFile] = ms.ToArray();
        }

        using (var ms = new MemoryStream())
        {
            SafeTensorsFile.Write(ms, []);
            files[CheckpointLayout.OptimizerFile] = ms.ToArray();
        }

        using (var ms = new MemoryStream())
        {
            ids.Write(ms);
            files[CheckpointLayout.IdMapFile] = ms.ToArray();
        }

        foreach (var (name, bytes) in files)
        {
            await container.GetBlobClient(CheckpointLayout.VersionFile(model, version, name)).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        }

        if (!withManifest)
        {
            return;
        }

        var manifest = new ModelManifest
        {
            Model = model,
            Version = version,
            Parent = parent,
            CreatedUtc = created,
            Mode = parent is null ? "full" : "incremental",
            TrainerVersion = "test",
            Metrics = metrics ?? new Dictionary<string, double>(),
            Sha256 = files.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(SHA256.HashData(f.Value))),
        };
        await container.GetBlobClient(CheckpointLayout.VersionFile(model, version, CheckpointLayout.ManifestFile))
            .UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(manifest, CheckpointJsonContext.Default.ModelManifest)), overwrite: true);
    }

    public static Task SetCurrentAsync(BlobContainerClient container, string model, string version) =>
        container.GetBlobClient(CheckpointLayout.CurrentPath(model)).UploadAsync(BinaryData.FromString(version), overwrite: true);
}
