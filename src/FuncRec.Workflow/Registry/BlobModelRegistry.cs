using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Updates;
using FuncRec.Infrastructure.Blob;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.Registry;

/// <summary>
/// <see cref="IModelRegistry"/> over the models container: CURRENT holds the version name as UTF-8 text and
/// changes only with If-Match (or If-None-Match * when absent); the promotion log is an append blob of JSON lines.
/// </summary>
public sealed partial class BlobModelRegistry : IModelRegistry
{
    private const string PromotionLogFile = "promotions.jsonl";
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly ILogger<BlobModelRegistry> _logger;
    private readonly Lazy<Task> _created;

    /// <summary>Creates the registry over <see cref="BlobStorageOptions.ModelsContainer"/>.</summary>
    public BlobModelRegistry(BlobServiceClient blobs, IOptions<BlobStorageOptions> options, TimeProvider time, ILogger<BlobModelRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _container = blobs.GetBlobContainerClient(options?.Value.ModelsContainer ?? throw new ArgumentNullException(nameof(options)));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _created = new Lazy<Task>(() => _container.CreateIfNotExistsAsync());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        await _created.Value.ConfigureAwait(false);
        var prefix = CheckpointLayout.VersionsPrefix(model);
        var versions = new List<ModelVersionInfo>();
        await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsPrefix)
            {
                var version = item.Prefix[prefix.Length..].TrimEnd('/');
                if (CheckpointLayout.IsValidName(version))
                {
                    versions.Add(new ModelVersionInfo(version, await GetManifestAsync(model, version, cancellationToken).ConfigureAwait(false)));
                }
            }
        }

        return [.. versions.OrderBy(v => v.Manifest?.CreatedUtc ?? DateTimeOffset.MaxValue).ThenBy(v => v.Version, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<ModelManifest?> GetManifestAsync(string model, string version, CancellationToken cancellationToken = default)
    {
        var data = await ReadFileAsync(model, version, CheckpointLayout.ManifestFile, cancellationToken).ConfigureAwait(false);
        return data is null ? null : JsonSerializer.Deserialize(data.ToMemory().Span, CheckpointJsonContext.Default.ModelManifest);
    }

    /// <inheritdoc />
    public async Task<BinaryData?> ReadFileAsync(string model, string version, string file, CancellationToken cancellationToken = default)
    {
        await _created.Value.ConfigureAwait(false);
        try
        {
            var result = await _container.GetBlobClient(CheckpointLayout.VersionFile(model, version, file))
                .DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<CurrentPointer?> GetCurrentAsync(string model, CancellationToken cancellationToken = default)
    {
        await _created.Value.ConfigureAwait(false);
        try
        {
            var result = await _container.GetBlobClient(CheckpointLayout.CurrentPath(model)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new CurrentPointer(result.Value.Content.ToString().Trim(), result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await SwapAsync(request, "promote", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<PromotionResult> RollbackAsync(string model, string? toVersion, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var current = await GetCurrentAsync(model, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new PromotionResult(PromotionStatus.NotFound, null, null, $"model '{model}' has no CURRENT version to roll back from");
        }

        var target = toVersion;
        if (target is null)
        {
            var log = await GetPromotionLogAsync(model, cancellationToken).ConfigureAwait(false);
            target = log.LastOrDefault(e => e.Action is "promote" or "rollback" && e.Version == current.Version)?.PreviousVersion
                ?? (await GetManifestAsync(model, current.Version, cancellationToken).ConfigureAwait(false))?.Parent;
            if (target is null)
            {
                return new PromotionResult(PromotionStatus.NotFound, current.Version, null, $"'{current.Version}' has no previous version to roll back to");
            }
        }

        var operationId = $"rollback-{current.Version}-to-{target}-{_time.GetUtcNow().ToUnixTimeMilliseconds()}";
        return await SwapAsync(
            new PromotionRequest(model, target, current.Version, actor, reason, new Dictionary<string, double>(), operationId),
            "rollback",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AppendLogAsync(PromotionLogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var log = await GetPromotionLogAsync(entry.Model, cancellationToken).ConfigureAwait(false);
        if (log.Any(e => e.OperationId == entry.OperationId && e.Action == entry.Action))
        {
            return;
        }

        var blob = _container.GetAppendBlobClient(CheckpointLayout.ModelPrefix(entry.Model) + PromotionLogFile);
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var line = JsonSerializer.Serialize(entry, RegistryJsonContext.Default.PromotionLogEntry) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line));
        await blob.AppendBlockAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PromotionLogEntry>> GetPromotionLogAsync(string model, CancellationToken cancellationToken = default)
    {
        await _created.Value.ConfigureAwait(false);
        try
        {
            var result = await _container.GetBlobClient(CheckpointLayout.ModelPrefix(model) + PromotionLogFile)
                .DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return [.. result.Value.Content.ToString()
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => JsonSerializer.Deserialize(l, RegistryJsonContext.Default.PromotionLogEntry)!)];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ApplyRetentionAsync(string model, int keep, IReadOnlyCollection<string> inUse, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        ArgumentNullException.ThrowIfNull(inUse);
        var versions = await ListVersionsAsync(model, cancellationToken).ConfigureAwait(false);
        var current = await GetCurrentAsync(model, cancellationToken).ConfigureAwait(false);
        var protectedVersions = new HashSet<string>(inUse, StringComparer.Ordinal);
        if (current is not null)
        {
            protectedVersions.Add(current.Version);
            if (versions.FirstOrDefault(v => v.Version == current.Version)?.Manifest?.Parent is { } parent)
            {
                protectedVersions.Add(parent);
            }
        }

        // Keep the newest 'keep' complete versions plus every protected one; delete the other complete ones, oldest first.
        var complete = versions.Where(v => v.IsComplete).ToList();
        var newest = complete.TakeLast(keep).Select(v => v.Version).ToHashSet(StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (var v in complete)
        {
            if (newest.Contains(v.Version) || protectedVersions.Contains(v.Version))
            {
                continue;
            }

            // Manifest first: a half-deleted version then reads as incomplete, never as complete with missing files.
            var prefix = CheckpointLayout.VersionPrefix(model, v.Version);
            await _container.GetBlobClient(prefix + CheckpointLayout.ManifestFile).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
            {
                await _container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            deleted.Add(v.Version);
            LogDeleted(_logger, model, v.Version);
        }

        return deleted;
    }

    private async Task<PromotionResult> SwapAsync(PromotionRequest request, string action, CancellationToken cancellationToken)
    {
        CheckpointLayout.ValidateName(request.Model, nameof(request.Model));
        CheckpointLayout.ValidateName(request.Version, nameof(request.Version));
        if (await GetManifestAsync(request.Model, request.Version, cancellationToken).ConfigureAwait(false) is null)
        {
            return new PromotionResult(PromotionStatus.NotFound, null, null, $"version '{request.Version}' of '{request.Model}' does not exist or has no manifest");
        }

        var current = await GetCurrentAsync(request.Model, cancellationToken).ConfigureAwait(false);
        if (current?.Version == request.Version)
        {
            // An idempotent retry after the swap: make sure the log has it, change nothing.
            if (action == "promote")
            {
                await AppendLogAsync(Entry(request, action, request.ExpectedCurrent), cancellationToken).ConfigureAwait(false);
            }

            return new PromotionResult(PromotionStatus.AlreadyCurrent, request.Version, request.ExpectedCurrent, $"'{request.Version}' is already CURRENT");
        }

        if (current?.Version != request.ExpectedCurrent)
        {
            return new PromotionResult(PromotionStatus.Conflict, current?.Version, current?.Version,
                $"CURRENT is '{current?.Version ?? "(none)"}', expected '{request.ExpectedCurrent ?? "(none)"}'");
        }

        var conditions = current is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(current.ETag) };
        try
        {
            await _container.GetBlobClient(CheckpointLayout.CurrentPath(request.Model)).UploadAsync(
                BinaryData.FromString(request.Version),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain" } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return new PromotionResult(PromotionStatus.Conflict, null, current?.Version, $"another writer changed CURRENT first ({ex.ErrorCode})");
        }

        await AppendLogAsync(Entry(request, action, current?.Version), cancellationToken).ConfigureAwait(false);
        LogSwapped(_logger, request.Model, action, request.Version, current?.Version, request.Actor, request.Reason);
        return new PromotionResult(PromotionStatus.Promoted, request.Version, current?.Version,
            $"{action}: CURRENT {current?.Version ?? "(none)"} -> {request.Version}");
    }

    private PromotionLogEntry Entry(PromotionRequest request, string action, string? previous) =>
        new(_time.GetUtcNow(), request.Model, action, request.Version, previous, request.Actor, request.Reason, request.Metrics, request.OperationId);

    [LoggerMessage(EventId = 7300, Level = LogLevel.Information, Message = "Registry {Model}: {Action} {Version} (was {Previous}) by {Actor}: {Reason}")]
    private static partial void LogSwapped(ILogger logger, string model, string action, string version, string? previous, string actor, string reason);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Registry {Model}: retention deleted {Version}")]
    private static partial void LogDeleted(ILogger logger, string model, string version);
}
