using Confluent.Kafka;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Ingestion.Kafka;
using FuncRec.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

public sealed class KafkaIngestTests(RedisFixture redis, AzuriteFixture azurite, KafkaFixture kafka)
    : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>, IClassFixture<KafkaFixture>
{
    [Fact]
    public async Task AddFuncRecIngestion_ProducedEventsThroughBroker_FeaturesVisibleAndBadRecordDeadLettered()
    {
        var topic = KafkaFixture.NewTopicName("beh");
        kafka.Broker.EnsureTopics([topic]);
        var prefix = $"{redis.KeyPrefix}{Guid.NewGuid():N}"[..20] + ":";
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = redis.Server.ConnectionString,
            ["Redis:KeyPrefix"] = prefix,
            ["BlobStorage:ConnectionString"] = azurite.ConnectionString,
            ["BlobStorage:SegmentsContainer"] = AzuriteFixture.NewContainerName("seg"),
            ["BlobStorage:OperationsContainer"] = AzuriteFixture.NewContainerName("ops"),
            ["Ingestion:MaxEventAge"] = "4000.00:00:00",
            ["Features:PendingModels:0"] = "recs",
        });
        builder.AddFuncRecIngestion();
        using var host = builder.Build();
        await host.StartAsync();
        var ingestor = host.Services.GetRequiredService<BehaviorIngestor>();
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(options)).Build())
        {
            for (var i = 0; i < 50; i++)
            {
                var e = View($"k{i % 5}", $"i{i}", now - 1000 + i);
                producer.Produce(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(e.UserId), Value = Json(e) });
            }

            producer.Produce(topic, new Message<byte[], byte[]> { Value = "not json"u8.ToArray() });
            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var total = IngestResult.Empty;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var consumer = new KafkaBatchConsumer(KafkaClientConfig.Consumer(options, "g-" + Guid.NewGuid().ToString("N")), topic);
        try
        {
            await consumer.RunAsync(async (batch, ct) =>
            {
                total = total.Add(await ingestor.IngestAsync(batch, ct));
                if (total.Received >= 51)
                {
                    await cts.CancelAsync();
                }
            }, null, cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        var db = redis.Connection.GetDatabase();
        var keys = new Core.Features.FeatureKeys(prefix);
        Assert.Equal(new IngestResult(51, 50, 0, 1), total);
        Assert.Equal(10, await db.ListLengthAsync(keys.UserSequence("k0")));
        Assert.Equal(50, (long)await db.HashGetAsync(keys.PendingCounters("recs"), "events"));
        Assert.False(await db.KeyExistsAsync(keys.PendingCounters("session-rec")));
        await host.StopAsync();
    }
}
