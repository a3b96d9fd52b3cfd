using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FuncRec.Infrastructure.Blob;

/// <summary>Registers the shared <see cref="BlobServiceClient"/>.</summary>
public static class BlobServiceCollectionExtensions
{
    /// <summary>Binds <see cref="BlobStorageOptions"/> and registers one <see cref="BlobServiceClient"/>.</summary>
    public static IHostApplicationBuilder AddFuncRecBlobStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BlobStorageOptions>()
            .Bind(builder.Configuration.GetSection(BlobStorageOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || o.ServiceUri is not null,
                $"{BlobStorageOptions.SectionName}: set ConnectionString or ServiceUri.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<BlobStorageOptions>>().Value));
        return builder;
    }

    /// <summary>Creates a client from a connection string.</summary>
    /// <remarks>
    /// Identity-based access (<see cref="BlobStorageOptions.ServiceUri"/>) needs a TokenCredential; hosts that
    /// deploy to Azure register their own <see cref="BlobServiceClient"/> with DefaultAzureCredential first.
    /// </remarks>
    public static BlobServiceClient CreateClient(BlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                $"{BlobStorageOptions.SectionName}:ServiceUri requires a host that registers a BlobServiceClient with a credential.");
        }

        return new BlobServiceClient(options.ConnectionString);
    }
}
