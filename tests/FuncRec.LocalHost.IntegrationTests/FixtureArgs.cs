using FuncRec.Testing;

namespace FuncRec.LocalHost.IntegrationTests;

/// <summary>
/// Host arguments that point the local host at the test fixtures' Redis, Azurite and Kafka broker, with fresh
/// topics, containers and consumer group, so each host sees only its own data.
/// </summary>
internal sealed record FixtureArgs(string BehaviorTopic, string CatalogTopic, IReadOnlyList<string> Args)
{
    public static FixtureArgs Create(RedisFixture redis, AzuriteFixture azurite, KafkaFixture kafka, string keyPrefix, string consumerGroupPrefix)
    {
        var behavior = KafkaFixture.NewTopicName("behavior");
        var catalog = KafkaFixture.NewTopicName("catalog");
        kafka.Broker.EnsureTopics([behavior, catalog]);
        return new FixtureArgs(behavior, catalog,
        [
            $"--Redis:ConnectionString={redis.Server.ConnectionString}",
            $"--Redis:KeyPrefix={keyPrefix}",
            $"--BlobStorage:ConnectionString={azurite.ConnectionString}",
            $"--BlobStorage:ModelsContainer={AzuriteFixture.NewContainerName("models")}",
            $"--BlobStorage:SegmentsContainer={AzuriteFixture.NewContainerName("segments")}",
            $"--BlobStorage:OperationsContainer={AzuriteFixture.NewContainerName("ops")}",
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}",
            $"--Kafka:BehaviorTopic={behavior}",
            $"--Kafka:CatalogTopic={catalog}",
            $"--Kafka:ConsumerGroup={consumerGroupPrefix}-{Guid.NewGuid():N}",
        ]);
    }
}
