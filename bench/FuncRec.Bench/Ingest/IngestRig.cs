using Azure.Storage.Blobs;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion.Blob;
using FuncRec.Ingestion.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Bench.Ingest;

/// <summary>The production ingestors over the benchmark's Redis and Azurite, accepting 2016 timestamps.</summary>
internal sealed class IngestRig
{
    public IngestRig(IConnectionMultiplexer redis, string blobConnectionString, string prefix, StageTimer? timer = null)
    {
        var ingestion = Options.Create(new IngestionOptions { MaxEventAge = TimeSpan.FromDays(4000) });
        var features = Options.Create(new FeatureStoreOptions());
        var redisOptions = Options.Create(new RedisOptions { KeyPrefix = prefix });
        var blob = Options.Create(new BlobStorageOptions { ConnectionString = blobConnectionString, SegmentsContainer = "bench-segments", OperationsContainer = "bench-ops" });
        var service = new BlobServiceClient(blobConnectionString);
        ISegmentWriter segments = new BlobSegmentWriter(service, blob);
        IBehaviorFeatureStore behaviorStore = new RedisBehaviorFeatureStore(redis, redisOptions, features, ingestion);
        if (timer is not null)
        {
            segments = timer.Wrap(segments);
            behaviorStore = timer.Wrap(behaviorStore);
        }

        var dead = new BlobDeadLetterSink(service, blob);
        var metrics = new IngestMetrics();
        Behavior = new BehaviorIngestor(ingestion, behaviorStore, segments, dead, metrics);
        Catalog = new CatalogIngestor(ingestion, new RedisCatalogFeatureStore(redis, redisOptions, features, ingestion), segments, dead, metrics);
    }

    public BehaviorIngestor Behavior { get; }

    public CatalogIngestor Catalog { get; }
}
