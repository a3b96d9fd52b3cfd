using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FuncRec.Core.Checkpoints;
using FuncRec.Infrastructure.Blob;
using FuncRec.Trainer.Execution;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Versions;

/// <summary>
/// Writes and reads model versions in the checkpoint layout (<c>models/{model}/versions/{version}/</c>) in
/// the models container. Data files go first and <c>manifest.json</c>, holding each file's sha256, last, so a
/// version without a manifest is incomplete and readers ignore it.
/// </summary>
public sealed class BlobVersionStore(BlobServiceClient blobService, IOptions<BlobStorageOptions> options)
{
    private readonly BlobContainerClient _container = blobService.GetBlobContainerClient(options.Value.ModelsContainer);

    /// <summary>
    /// Uploads <paramref name="files"/> (every <see cref="CheckpointLayout.DataFiles"/> entry) and then the manifest,
    /// with the sha256 entries filled in from the bytes written.
    /// </summary>
    /// <returns>The manifest as written.</returns>
    public async Task<ModelManifest> WriteAsync(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        foreach (var required in CheckpointLayout.DataFiles)
        {
            if (!files.ContainsKey(required))
            {
                throw new ArgumentException($"A version needs '{required}'.", nameof(files));
            }
        }

        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in CheckpointLayout.DataFiles)
        {
            var bytes = files[name];
            hashes[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var blob = _container.GetBlobClient(CheckpointLayout.VersionFile(manifest.Model, manifest.Version, name));
            await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        var complete = manifest with { Sha256 = hashes };
        var json = JsonSerializer.SerializeToUtf8Bytes(complete, CheckpointJsonContext.Default.ModelManifest);
        var manifestBlob = _container.GetBlobClient(CheckpointLayout.VersionFile(manifest.Model, manifest.Version, CheckpointLayout.ManifestFile));

        // If-None-Match: * so a version, once complete, is never silently replaced by another writer.
        await manifestBlob.UploadAsync(BinaryData.FromBytes(json), new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        }, cancellationToken).ConfigureAwait(false);
        return complete;
    }

    /// <summary>Reads a complete version, verifying every file against the manifest's sha256.</summary>
    /// <exception cref="TrainingJobException">The version does not exist, is incomplete, or a file is corrupt.</exception>
    public async Task<(ModelManifest Manifest, IReadOnlyDictionary<string, byte[]> Files)> ReadAsync(
        string model, string version, CancellationToken cancellationToken)
    {
        var manifestBlob = _container.GetBlobClient(CheckpointLayout.VersionFile(model, version, CheckpointLayout.ManifestFile));
        ModelManifest manifest;
        try
        {
            var content = await manifestBlob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            manifest = content.Value.Content.ToObjectFromJson(CheckpointJsonContext.Default.ModelManifest)
                ?? throw new TrainingJobException($"Version '{model}/{version}' has an empty manifest.");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new TrainingJobException($"Parent version '{model}/{version}' does not exist (no {CheckpointLayout.ManifestFile}).", ex);
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, expected) in manifest.Sha256)
        {
            var blob = _container.GetBlobClient(CheckpointLayout.VersionFile(model, version, name));
            var bytes = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new TrainingJobException($"Version '{model}/{version}': {name} has sha256 {actual}, the manifest says {expected}.");
            }

            files[name] = bytes;
        }

        return (manifest, files);
    }
}
