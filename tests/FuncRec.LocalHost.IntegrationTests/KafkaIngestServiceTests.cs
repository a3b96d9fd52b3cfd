using System.Text.Json;
using Confluent.Kafka;
using FuncRec.Core.Datasets;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion.Redis;
using FuncRec.LocalHost.Hosting;
using FuncRec.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FuncRec.LocalHost.IntegrationTests;

/// <summary>The local host's consumer loops against the real broker, Redis and Azurite.</summary>
public sealed class KafkaIngestServiceTests(RedisFixture redis, AzuriteFixture azurite, KafkaFixture kafka)
    : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>, IClassFixture<KafkaFixture>
{
    private const int Events = 300;

    [Fact]
    public async Task StopAsync_BatchInFlight_FinishesItAndCommitsExactlyWhatWasApplied()
    {
        var prefix = $"{redis.KeyPrefix}drain{Guid.NewGuid():N}"[..24] + ":";
        var fixtures = FixtureArgs.Create(redis, azurite, kafka, prefix, "drain");
        var events = new DigineticaImporter().ReadPeriod(0).Take(Events).ToList();
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };
        using (var producer = new ProducerBuilder<string, byte[]>(KafkaClientConfig.Producer(options)).Build())
        {
            foreach (var e in events)
            {
                producer.Produce(fixtures.BehaviorTopic, new Message<string, byte[]> { Key = e.SessionId, Value = JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.BehaviorEvent) });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddCommandLine([.. fixtures.Args, "--Ingestion:MaxEventAge=4000.00:00:00", "--LocalHost:MaxBatchWait=00:00:00.200"]);
        var gate = new GatedStore();
        builder.Services.AddSingleton<RedisBehaviorFeatureStore>();
        builder.Services.AddSingleton<IBehaviorFeatureStore>(sp => gate.Over(sp.GetRequiredService<RedisBehaviorFeatureStore>()));
        builder.AddFuncRecRedis();
        builder.AddFuncRecBlobStorage();
        builder.AddFuncRecKafka();
        builder.AddLocalIngestion();
        using var host = builder.Build();
        await host.StartAsync();

        // The first batch is inside the feature store when the host is asked to stop.
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(60));
        var stopping = host.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(stopping.IsCompleted, "the host stopped while a batch was still being applied");
        gate.Release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        // What the finished batch applied is in Redis, and its offsets were committed: a restart starts right after it.
        var applied = (long)await redis.Connection.GetDatabase().HashGetAsync(new FeatureKeys(prefix).PendingCounters("session-rec"), "events");
        Assert.InRange(applied, 1, Events);
        Assert.Equal(applied, gate.Applied);
        var group = KafkaIngestService.BehaviorGroup(new KafkaOptions { ConsumerGroup = fixtures.Args.Single(a => a.StartsWith("--Kafka:ConsumerGroup=", StringComparison.Ordinal)).Split('=')[1] });
        var partitions = kafka.Broker.EnsureTopics([fixtures.BehaviorTopic])[fixtures.BehaviorTopic];
        using var probe = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(options, group)).Build();
        var committed = probe.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(fixtures.BehaviorTopic, p)), TimeSpan.FromSeconds(10));
        Assert.Equal(applied, committed.Sum(c => c.Offset.Value < 0 ? 0 : c.Offset.Value));
    }

    /// <summary>Holds the first apply until released, so the test can stop the host while a batch is in flight.</summary>
    private sealed class GatedStore
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _applied;

        public Task Entered => _entered.Task;

        public long Applied => Interlocked.Read(ref _applied);

        public void Release() => _release.TrySetResult();

        public IBehaviorFeatureStore Over(IBehaviorFeatureStore inner) => new Store(inner, this);

        private sealed class Store(IBehaviorFeatureStore inner, GatedStore gate) : IBehaviorFeatureStore
        {
            public async Task<FeatureApplyResult> ApplyAsync(string topic, int partition, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken)
            {
                gate._entered.TrySetResult();
                await gate._release.Task;
                var result = await inner.ApplyAsync(topic, partition, entries, cancellationToken);
                Interlocked.Add(ref gate._applied, result.Applied);
                return result;
            }
        }
    }
}
