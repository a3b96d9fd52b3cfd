using Azure.Storage.Blobs;

namespace FuncRec.Ingestion.Blob;

/// <summary>Creates a container once per process, on first use.</summary>
internal sealed class LazyContainer(BlobServiceClient service, string name)
{
    private readonly Lazy<Task<BlobContainerClient>> _container = new(async () =>
    {
        var client = service.GetBlobContainerClient(name);
        await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        return client;
    });

    public Task<BlobContainerClient> GetAsync() => _container.Value;
}
