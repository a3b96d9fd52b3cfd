using System.Diagnostics.Metrics;
using Azure.Storage.Blobs;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion.Blob;
using FuncRec.Ingestion.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Ingestion;

/// <summary>Registers the ingestors with their Redis and blob stores.</summary>
public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IngestionOptions"/> (<c>Ingestion</c>) and <see cref="FeatureStoreOptions"/> (<c>Features</c>),
    /// adds Redis and blob storage unless the host already did, and registers <see cref="BehaviorIngestor"/>,
    /// <see cref="CatalogIngestor"/>, <see cref="BlobSegmentReader"/> and the stores behind them.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecIngestion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IngestionOptions>()
            .Bind(builder.Configuration.GetSection(IngestionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<FeatureStoreOptions>()
            .Bind(builder.Configuration.GetSection(FeatureStoreOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (!builder.Services.Any(s => s.ServiceType == typeof(IConnectionMultiplexer)))
        {
            builder.AddFuncRecRedis();
        }

        if (!builder.Services.Any(s => s.ServiceType == typeof(BlobServiceClient)))
        {
            builder.AddFuncRecBlobStorage();
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new IngestMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IBehaviorFeatureStore, RedisBehaviorFeatureStore>();
        services.TryAddSingleton<ICatalogFeatureStore, RedisCatalogFeatureStore>();
        services.TryAddSingleton<ISegmentWriter, BlobSegmentWriter>();
        services.TryAddSingleton<IDeadLetterSink, BlobDeadLetterSink>();
        services.TryAddSingleton<BlobSegmentReader>();
        services.TryAddSingleton(sp => new BehaviorIngestor(
            sp.GetRequiredService<IOptions<IngestionOptions>>(), sp.GetRequiredService<IBehaviorFeatureStore>(),
            sp.GetRequiredService<ISegmentWriter>(), sp.GetRequiredService<IDeadLetterSink>(), sp.GetRequiredService<IngestMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<BehaviorIngestor>>()));
        services.TryAddSingleton(sp => new CatalogIngestor(
            sp.GetRequiredService<IOptions<IngestionOptions>>(), sp.GetRequiredService<ICatalogFeatureStore>(),
            sp.GetRequiredService<ISegmentWriter>(), sp.GetRequiredService<IDeadLetterSink>(), sp.GetRequiredService<IngestMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<CatalogIngestor>>()));
        return builder;
    }
}
