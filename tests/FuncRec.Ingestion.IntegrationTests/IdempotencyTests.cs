using Confluent.Kafka;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Ingestion.Kafka;
using FuncRec.Testing;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

public sealed class IdempotencyTests(RedisFixture redis, AzuriteFixture azurite, KafkaFixture kafka)
    : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>, IClassFixture<KafkaFixture>
{
    private const string Topic = "funcrec.behavior";

    private static BehaviorEvent[] MixedEvents(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => (BehaviorEvent)(random.Next(6) switch
        {
            0 => Purchase($"u{random.Next(5)}", $"i{random.Next(12)}", T(100 - i * 0.5)),
            1 => Search($"u{random.Next(5)}", $"q{random.Next(3)} shoes", $"i{random.Next(12)}", T(100 - i * 0.5)),
            _ => View($"u{random.Next(5)}", $"i{random.Next(12)}", T(100 - i * 0.5)),
        })).ToArray();
    }

    private async Task<IngestHarness> ReferenceAsync(List<IngestRecord> records)
    {
        var reference = new IngestHarness(redis, azurite);
        await reference.Catalog.IngestAsync(Records("funcrec.catalog", 0, 0, Upsert("i1", T(500), "r/c1"), Upsert("i2", T(500), "r/c2")), default);
        await reference.Behavior.IngestAsync(records, default);
        return reference;
    }

    private async Task<IngestHarness> FreshAsync(string prefix)
    {
        var h = new IngestHarness(redis, azurite, prefix: prefix);
        await h.Catalog.IngestAsync(Records("funcrec.catalog", 0, 0, Upsert("i1", T(500), "r/c1"), Upsert("i2", T(500), "r/c2")), default);
        return h;
    }

    private static SortedDictionary<string, string> Normalize(SortedDictionary<string, string> snapshot, string prefix) =>
        new(snapshot.ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value), StringComparer.Ordinal);

    [Fact]
    public async Task IngestAsync_SameBatchDeliveredTwice_LeavesEveryFeatureAsOneDelivery()
    {
        var records = Records(Topic, 0, 0, MixedEvents(120, seed: 1));
        var once = await ReferenceAsync(records);
        var twice = await FreshAsync($"{redis.KeyPrefix}{Guid.NewGuid():N}"[..20] + ":");

        await twice.Behavior.IngestAsync(records, default);
        var second = await twice.Behavior.IngestAsync(records, default);

        Assert.Equal(120, second.Duplicates);
        Assert.Equal(0, second.Applied);
        Assert.Equal(Normalize(await once.SnapshotAsync(), once.Prefix), Normalize(await twice.SnapshotAsync(), twice.Prefix));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(80)]
    public async Task IngestAsync_SuffixRedeliveredWithDifferentBatching_LeavesEveryFeatureAsOneDelivery(int suffixStart)
    {
        var records = Records(Topic, 0, 0, MixedEvents(120, seed: 2));
        var once = await ReferenceAsync(records);
        var h = await FreshAsync($"{redis.KeyPrefix}{Guid.NewGuid():N}"[..20] + ":");

        // The first delivery got through offset 79; Kafka then redelivers from any earlier uncommitted offset.
        await h.Behavior.IngestAsync(records[..80], default);
        await h.Behavior.IngestAsync(records[suffixStart..], default);
        await h.Behavior.IngestAsync(records[suffixStart..], default);

        Assert.Equal(Normalize(await once.SnapshotAsync(), once.Prefix), Normalize(await h.SnapshotAsync(), h.Prefix));
        var offsets = new List<long>();
        await foreach (var e in h.Reader.ReadBehaviorAsync(Topic, new Dictionary<int, long>(), new Dictionary<int, long> { [0] = 120 }))
        {
            offsets.Add(e.Offset);
        }

        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), offsets);
    }

    [Fact]
    public async Task KafkaConsumer_CrashAfterRedisWritesBeforeOffsetCommit_RedeliveryChangesNothing()
    {
        var topic = KafkaFixture.NewTopicName("crash");
        var group = "g-" + Guid.NewGuid().ToString("N");
        kafka.Broker.EnsureTopics([topic]);
        var options = new KafkaOptions { BootstrapServers = kafka.BootstrapServers };
        var events = MixedEvents(200, seed: 3);
        using (var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(options)).Build())
        {
            foreach (var e in events)
            {
                producer.Produce(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(e.UserId), Value = Json(e) });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var h = await FreshAsync($"{redis.KeyPrefix}{Guid.NewGuid():N}"[..20] + ":");
        var delivered = 0;
        var crashed = 0;
        // First run: batches are applied and committed; the last one is applied to Redis and the blobs,
        // then the process "crashes" before its offsets are committed.
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        using (var consumer = new KafkaBatchConsumer(KafkaClientConfig.Consumer(options, group), topic, maxBatch: 500, maxWait: TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.RunAsync(async (batch, ct) =>
            {
                await h.Behavior.IngestAsync(batch, ct);
                delivered += batch.Count;
                if (delivered >= events.Length)
                {
                    crashed = batch.Count;
                    throw new InvalidOperationException("crash before commit");
                }
            }, onError: ex => throw ex, cts.Token));
        }

        var afterCrash = await h.SnapshotAsync();
        // Restart: the crashed batch was never committed, so the group delivers it again.
        var redelivered = new List<IngestResult>();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        using (var consumer = new KafkaBatchConsumer(KafkaClientConfig.Consumer(options, group), topic, maxBatch: 500, maxWait: TimeSpan.FromMilliseconds(300)))
        {
            try
            {
                await consumer.RunAsync(async (batch, ct) =>
                {
                    redelivered.Add(await h.Behavior.IngestAsync(batch, ct));
                    if (redelivered.Sum(r => r.Received) >= crashed)
                    {
                        await cts.CancelAsync();
                    }
                }, onError: null, cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Equal(events.Length, delivered);
        Assert.True(crashed > 0);
        Assert.Equal(crashed, redelivered.Sum(r => r.Duplicates));
        Assert.Equal(0, redelivered.Sum(r => r.Applied));
        Assert.Equal(afterCrash, await h.SnapshotAsync());
        Assert.Equal(events.Length, (long)await h.Db.HashGetAsync(h.Keys.PendingCounters("session-rec"), "events"));
    }
}
