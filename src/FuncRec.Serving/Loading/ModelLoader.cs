using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using FuncRec.Core.Checkpoints;
using FuncRec.Infrastructure.Blob;
using FuncRec.Serving.Model;
using Microsoft.Extensions.Options;

namespace FuncRec.Serving.Loading;

/// <summary>The serving version named by <c>models/{model}/CURRENT</c> and that blob's ETag.</summary>
/// <param name="Version">The version name.</param>
/// <param name="ETag">The pointer blob's ETag when it was read.</param>
public sealed record CurrentPointer(string Version, ETag ETag);

/// <summary>
/// Reads model versions from blob storage: the <c>CURRENT</c> pointer, then a version's manifest,
/// <c>weights.safetensors</c> and <c>idmap.bin</c>, each checked against the manifest's sha256 before
/// anything is built from it.
/// </summary>
public sealed class ModelLoader
{
    private readonly BlobContainerClient _container;
    private readonly string _model;

    /// <summary>Creates a loader for <see cref="ServingOptions.Model"/> in <see cref="BlobStorageOptions.ModelsContainer"/>.</summary>
    public ModelLoader(BlobServiceClient blobs, IOptions<BlobStorageOptions> storage, IOptions<ServingOptions> options)
    {
        _container = blobs.GetBlobContainerClient(storage.Value.ModelsContainer);
        _model = options.Value.Model;
    }

    /// <summary>The ETag of <c>CURRENT</c>, or null when it does not exist yet (a cheap HEAD for polling).</summary>
    public async Task<ETag?> GetCurrentETagAsync(CancellationToken cancellationToken)
    {
        try
        {
            var properties = await _container.GetBlobClient(CheckpointLayout.CurrentPath(_model)).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Reads <c>CURRENT</c>, or null when it does not exist yet.</summary>
    /// <exception cref="ModelLoadException">The pointer does not name a valid version.</exception>
    public async Task<CurrentPointer?> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = await _container.GetBlobClient(CheckpointLayout.CurrentPath(_model)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var version = content.Value.Content.ToString().Trim();
            if (!CheckpointLayout.IsValidName(version))
            {
                throw new ModelLoadException($"{CheckpointLayout.CurrentPath(_model)} names '{version}', which is not a valid version name.");
            }

            return new CurrentPointer(version, content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Downloads, verifies and builds one version.</summary>
    /// <exception cref="ModelLoadException">A file is missing, its sha256 differs from the manifest, or its content is invalid.</exception>
    public Task<ServingModel> LoadAsync(string version, CancellationToken cancellationToken) =>
        LoadAsync(_model, version, cancellationToken);

    /// <summary>Downloads, verifies and builds one version of <paramref name="model"/> (the gate loads the model it is asked about).</summary>
    /// <exception cref="ModelLoadException">A file is missing, its sha256 differs from the manifest, or its content is invalid.</exception>
    public async Task<ServingModel> LoadAsync(string model, string version, CancellationToken cancellationToken)
    {
        CheckpointLayout.ValidateName(model, nameof(model));
        CheckpointLayout.ValidateName(version, nameof(version));
        var manifestBytes = await DownloadAsync(model, version, CheckpointLayout.ManifestFile, cancellationToken).ConfigureAwait(false);
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, CheckpointJsonContext.Default.ModelManifest)
                ?? throw new ModelLoadException($"{version}: manifest.json is empty.");
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{version}: manifest.json is not a valid manifest: {ex.Message}", ex);
        }

        if (manifest.Model != model || manifest.Version != version)
        {
            throw new ModelLoadException($"{version}: manifest names {manifest.Model}/{manifest.Version}, expected {model}/{version}.");
        }

        // Start both downloads before awaiting either: they are independent and the weights dominate.
        var weightsTask = DownloadVerifiedAsync(manifest, CheckpointLayout.WeightsFile, cancellationToken);
        var idMapTask = DownloadVerifiedAsync(manifest, CheckpointLayout.IdMapFile, cancellationToken);
        var cooccurrenceTask = manifest.Sha256.ContainsKey(CheckpointLayout.CooccurrenceFile)
            ? DownloadVerifiedAsync(manifest, CheckpointLayout.CooccurrenceFile, cancellationToken)
            : null;
        var weights = await weightsTask.ConfigureAwait(false);
        var idMapBytes = await idMapTask.ConfigureAwait(false);
        var cooccurrenceBytes = cooccurrenceTask is null ? null : await cooccurrenceTask.ConfigureAwait(false);
        try
        {
            using var idMapStream = new MemoryStream(idMapBytes, writable: false);
            var idMaps = ModelIdMaps.Read(idMapStream);
            var served = ServingModel.Load(weights, idMaps, version);
            return cooccurrenceBytes is null
                ? served
                : served.WithCooccurrence(ItemCooccurrence.FromSafeTensors(SafeTensorsFile.Read(cooccurrenceBytes)), CooccurrenceWeight(manifest));
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or OverflowException or FormatException or ArgumentException)
        {
            // Malformed content surfaces as any of these from the parsers; all mean "never serve this version".
            throw new ModelLoadException($"{version}: {ex.Message}", ex);
        }
    }

    // The version ranks with the weight it was trained and measured with, which its manifest records.
    private static float CooccurrenceWeight(ModelManifest manifest) =>
        manifest.Hyperparameters.TryGetValue(ItemCooccurrence.WeightHyperparameter, out var text)
            ? float.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : 0f;

    private async Task<byte[]> DownloadVerifiedAsync(ModelManifest manifest, string file, CancellationToken cancellationToken)
    {
        if (!manifest.Sha256.TryGetValue(file, out var expected))
        {
            throw new ModelLoadException($"{manifest.Version}: manifest.json has no sha256 for {file}.");
        }

        var bytes = await DownloadAsync(manifest.Model, manifest.Version, file, cancellationToken).ConfigureAwait(false);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException($"{manifest.Version}: sha256 of {file} is {actual}, the manifest says {expected}.");
        }

        return bytes;
    }

    private async Task<byte[]> DownloadAsync(string model, string version, string file, CancellationToken cancellationToken)
    {
        var path = CheckpointLayout.VersionFile(model, version, file);
        try
        {
            var content = await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ModelLoadException($"{path} does not exist.", ex);
        }
    }
}
