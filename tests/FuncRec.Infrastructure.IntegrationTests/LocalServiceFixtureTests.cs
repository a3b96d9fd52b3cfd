using System.Text;
using Azure.Storage.Blobs;
using Confluent.Kafka;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Testing;

namespace FuncRec.Infrastructure.IntegrationTests;

public sealed class RedisFixtureTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task RedisServer_SetThenGet_RoundTripsThroughRealServer()
    {
        var db = redis.Connection.GetDatabase();
        var key = redis.KeyPrefix + "roundtrip";

        await db.StringSetAsync(key, "hello");
        var value = await db.StringGetAsync(key);
        var info = await redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]).InfoAsync("server");

        Assert.Equal("hello", value.ToString());
        Assert.Contains(info.SelectMany(g => g), kv => kv.Key == "tcp_port" && kv.Value == redis.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Azurite_UploadThenDownload_ReturnsSameBytesAndETagChanges()
    {
        var container = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.NewContainerName());
        await container.CreateAsync();
        var blob = container.GetBlobClient("dir/file.bin");

        var first = await blob.UploadAsync(BinaryData.FromString("one"), overwrite: true);
        var second = await blob.UploadAsync(BinaryData.FromString("two"), overwrite: true);
        var downloaded = await blob.DownloadContentAsync();

        Assert.Equal("two", downloaded.Value.Content.ToString());
        Assert.NotEqual(first.Value.ETag, second.Value.ETag);
        Assert.Equal(second.Value.ETag, downloaded.Value.Details.ETag);
    }
}

public sealed class KafkaFixtureTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    [Fact]
    public async Task KafkaBroker_ProduceThenConsumeWithGroup_CommitsOffsetsThatANewConsumerResumesFrom()
    {
        var topic = KafkaFixture.NewTopicName();
        var group = "g-" + Guid.NewGuid().ToString("N");
        var partitions = kafka.Broker.EnsureTopics([topic]);
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };

        using (var producer = new ProducerBuilder<string, string>(KafkaClientConfig.Producer(options)).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
            }
        }

        // First consumer reads six messages and commits exactly what it processed.
        var firstBatch = ConsumeAndCommit(options, topic, group, count: 6);
        // A second consumer in the same group must resume after the committed offsets: the other four, no repeats.
        var secondBatch = ConsumeAndCommit(options, topic, group, count: 4);

        Assert.Equal(KafkaMockBroker.DefaultPartitions, partitions[topic]);
        Assert.Equal(6, firstBatch.Count);
        Assert.Equal(4, secondBatch.Count);
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"v{i}").Order(),
            firstBatch.Concat(secondBatch).Order());
    }

    private static List<string> ConsumeAndCommit(KafkaOptions options, string topic, string group, int count)
    {
        var values = new List<string>();
        using var consumer = new ConsumerBuilder<string, string>(KafkaClientConfig.Consumer(options, group)).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            values.Add(result.Message.Value);
            consumer.StoreOffset(result);
        }

        consumer.Commit();
        consumer.Close();
        return values;
    }
}
