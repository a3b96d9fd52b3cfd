using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FuncRec.Core.Checkpoints;
using FuncRec.Infrastructure.Blob;
using FuncRec.Trainer.Hosting;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// Job records as JSON blobs in the operations container. Creation is If-None-Match: * (the job id is the
/// idempotency key) and every update is a read-modify-write guarded by the blob's ETag, so two writers (a
/// retry request and the worker, or an old and a new trainer) never overwrite each other's state.
/// </summary>
public sealed class BlobJobStore(BlobServiceClient blobService, IOptions<BlobStorageOptions> blobOptions, IOptions<TrainerOptions> trainerOptions, TimeProvider time)
{
    private const int MaxUpdateAttempts = 20;
    private readonly BlobContainerClient _container = blobService.GetBlobContainerClient(blobOptions.Value.OperationsContainer);
    private readonly string _prefix = trainerOptions.Value.JobsPrefix;
    private volatile bool _containerReady;

    /// <summary>Stores a new record; false when a record with the same job id already exists.</summary>
    public async Task<bool> TryCreateAsync(TrainingJobRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Blob(record.Spec.JobId).UploadAsync(Serialize(Stamp(record)), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The record of <paramref name="jobId"/> and its ETag, or null when there is none.</summary>
    public async Task<(TrainingJobRecord Record, ETag ETag)?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!CheckpointLayout.IsValidName(jobId))
        {
            return null;
        }

        try
        {
            var content = await Blob(jobId).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var record = content.Value.Content.ToObjectFromJson(TrainerJsonContext.Default.TrainingJobRecord)
                ?? throw new InvalidDataException($"Job record '{jobId}' is empty.");
            return (record, content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Applies <paramref name="mutate"/> to the stored record and writes it back under an If-Match on the ETag
    /// read, re-reading and re-applying on a conflict. <paramref name="mutate"/> returns null to leave the
    /// record as it is (its precondition no longer holds).
    /// </summary>
    /// <returns>The record now stored and whether this call changed it; null when there is no record.</returns>
    public async Task<(TrainingJobRecord Record, bool Changed)?> UpdateAsync(
        string jobId, Func<TrainingJobRecord, TrainingJobRecord?> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            if (await GetAsync(jobId, cancellationToken).ConfigureAwait(false) is not var (current, etag))
            {
                return null;
            }

            if (mutate(current) is not { } changed)
            {
                return (current, false);
            }

            var updated = Stamp(changed);

            try
            {
                await Blob(jobId).UploadAsync(Serialize(updated), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfMatch = etag },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                }, cancellationToken).ConfigureAwait(false);
                return (updated, true);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Someone else wrote in between: re-read and re-apply to their version.
            }
        }

        throw new InvalidOperationException($"Job record '{jobId}' kept changing; gave up after {MaxUpdateAttempts} attempts.");
    }

    /// <summary>Every job record, in blob-name order.</summary>
    public async IAsyncEnumerable<TrainingJobRecord> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix, cancellationToken).ConfigureAwait(false))
        {
            var id = Path.GetFileNameWithoutExtension(item.Name[_prefix.Length..]);
            if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is var (record, _))
            {
                yield return record;
            }
        }
    }

    /// <summary>True when the operations container can be reached (for the readiness check).</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        return (await _container.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_containerReady)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _containerReady = true;
        }
    }

    private BlobClient Blob(string jobId) => _container.GetBlobClient($"{_prefix}{CheckpointLayout.ValidateName(jobId, nameof(jobId))}.json");

    private TrainingJobRecord Stamp(TrainingJobRecord record) => record with { Status = record.Status with { UpdatedUtc = time.GetUtcNow() } };

    private static BinaryData Serialize(TrainingJobRecord record) =>
        BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(record, TrainerJsonContext.Default.TrainingJobRecord));
}
