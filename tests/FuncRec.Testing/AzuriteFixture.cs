using Azure.Storage.Blobs;
using FuncRec.Infrastructure.LocalServices;

namespace FuncRec.Testing;

/// <summary>A class fixture: the shared Azurite plus a client and container names unique to the class.</summary>
public sealed class AzuriteFixture
{
    /// <summary>Starts (or joins) the shared Azurite. Fails with the setup command when it is not installed.</summary>
    public AzuriteFixture()
    {
        Server = SharedServices.AzuriteAsync().GetAwaiter().GetResult();
        BlobService = new BlobServiceClient(Server.ConnectionString);
    }

    /// <summary>The running Azurite.</summary>
    public AzuriteProcess Server { get; }

    /// <summary>The storage connection string.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>A blob service client.</summary>
    public BlobServiceClient BlobService { get; }

    /// <summary>A new container name (lower-case, unique).</summary>
    public static string NewContainerName(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
}
