using Azure;
using Azure.Storage.Blobs;

namespace FuncRec.Trainer.Checkpoints;

/// <summary>Checkpoint files as blobs of one container (the models container); creates it on first write.</summary>
public sealed class BlobCheckpointStorage : ICheckpointStorage
{
    private readonly BlobContainerClient _container;
    private bool _created;

    /// <summary>Uses <paramref name="container"/>.</summary>
    public BlobCheckpointStorage(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <inheritdoc />
    public async Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _created = true;
        }

        await _container.GetBlobClient(path).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
