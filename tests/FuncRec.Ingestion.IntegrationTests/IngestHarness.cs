using Azure.Storage.Blobs;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion.Blob;
using FuncRec.Ingestion.Redis;
using FuncRec.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Ingestion.IntegrationTests;

/// <summary>Ingestors over the real redis-server and Azurite, isolated by a fresh key prefix and containers.</summary>
public sealed class IngestHarness
{
    public IngestHarness(RedisFixture redis, AzuriteFixture azurite, FeatureStoreOptions? features = null, IngestionOptions? ingestion = null, string? prefix = null)
    {
        Prefix = prefix ?? $"{redis.KeyPrefix}{Guid.NewGuid():N}"[..20] + ":";
        Keys = new FeatureKeys(Prefix);
        Redis = redis.Connection;
        Db = redis.Connection.GetDatabase();
        Blob = new BlobStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            SegmentsContainer = AzuriteFixture.NewContainerName("seg"),
            OperationsContainer = AzuriteFixture.NewContainerName("ops"),
        };
        Features = features ?? new FeatureStoreOptions();
        Ingestion = ingestion ?? new IngestionOptions();
        var redisOptions = Options.Create(new RedisOptions { ConnectionString = redis.Server.ConnectionString, KeyPrefix = Prefix });
        var blobOptions = Options.Create(Blob);
        BehaviorStore = new RedisBehaviorFeatureStore(redis.Connection, redisOptions, Options.Create(Features), Options.Create(Ingestion));
        CatalogStore = new RedisCatalogFeatureStore(redis.Connection, redisOptions, Options.Create(Features), Options.Create(Ingestion));
        Segments = new BlobSegmentWriter(azurite.BlobService, blobOptions);
        DeadLetters = new BlobDeadLetterSink(azurite.BlobService, blobOptions);
        Reader = new BlobSegmentReader(azurite.BlobService, blobOptions);
        Operations = azurite.BlobService.GetBlobContainerClient(Blob.OperationsContainer);
        Metrics = new IngestMetrics();
        var time = new FixedTimeProvider(EventBuilder.Now);
        Behavior = new BehaviorIngestor(Options.Create(Ingestion), BehaviorStore, Segments, DeadLetters, Metrics, time);
        Catalog = new CatalogIngestor(Options.Create(Ingestion), CatalogStore, Segments, DeadLetters, Metrics, time);
    }

    public string Prefix { get; }
    public FeatureKeys Keys { get; }
    public IConnectionMultiplexer Redis { get; }
    public IDatabase Db { get; }
    public BlobStorageOptions Blob { get; }
    public FeatureStoreOptions Features { get; }
    public IngestionOptions Ingestion { get; }
    public RedisBehaviorFeatureStore BehaviorStore { get; }
    public RedisCatalogFeatureStore CatalogStore { get; }
    public BlobSegmentWriter Segments { get; }
    public BlobDeadLetterSink DeadLetters { get; }
    public BlobSegmentReader Reader { get; }
    public BlobContainerClient Operations { get; }
    public IngestMetrics Metrics { get; }
    public BehaviorIngestor Behavior { get; }
    public CatalogIngestor Catalog { get; }

    public async Task<List<string>> DeadLetterNamesAsync()
    {
        var names = new List<string>();
        if (!await Operations.ExistsAsync())
        {
            return names;
        }

        await foreach (var b in Operations.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, BlobDeadLetterSink.Root, CancellationToken.None))
        {
            names.Add(b.Name);
        }

        return names;
    }

    /// <summary>Every key under the prefix with its full content, for exact before/after comparisons.</summary>
    public async Task<SortedDictionary<string, string>> SnapshotAsync()
    {
        var server = Redis.GetServer(Redis.GetEndPoints()[0]);
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: Prefix + "*", pageSize: 1000))
        {
            var type = await Db.KeyTypeAsync(key);
            snapshot[key!] = type switch
            {
                RedisType.List => string.Join(",", (await Db.ListRangeAsync(key)).Select(v => v.ToString())),
                RedisType.Set => string.Join(",", (await Db.SetMembersAsync(key)).Select(v => v.ToString()).Order(StringComparer.Ordinal)),
                RedisType.SortedSet => string.Join(",", (await Db.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}={e.Score}").Order(StringComparer.Ordinal)),
                RedisType.Hash => string.Join(",", (await Db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal)),
                _ => (await Db.StringGetAsync(key)).ToString(),
            };
        }

        return snapshot;
    }
}
