using FuncRec.Infrastructure.Kafka;

namespace FuncRec.Testing;

/// <summary>A class fixture: the shared Kafka-protocol broker (librdkafka mock cluster).</summary>
public sealed class KafkaFixture
{
    /// <summary>The running broker.</summary>
    public KafkaMockBroker Broker { get; } = SharedServices.Kafka;

    /// <summary>The bootstrap servers to give clients.</summary>
    public string BootstrapServers => Broker.BootstrapServers;

    /// <summary>A new topic name unique to the caller.</summary>
    public static string NewTopicName(string prefix = "t") => $"{prefix}.{Guid.NewGuid():N}";
}
