using Confluent.Kafka;

namespace FuncRec.Infrastructure.Kafka;

/// <summary>Builds Confluent.Kafka client configurations from <see cref="KafkaOptions"/>.</summary>
public static class KafkaClientConfig
{
    /// <summary>A producer configuration: idempotent, acks=all, small linger for batching.</summary>
    public static ProducerConfig Producer(KafkaOptions options)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            BatchNumMessages = 10_000,
        };
        ApplySecurity(config, options);
        return config;
    }

    /// <summary>A consumer configuration that commits offsets only when the caller says so (at-least-once).</summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string? groupId = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = groupId ?? options.ConsumerGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 10_000,
        };
        ApplySecurity(config, options);
        return config;
    }

    /// <summary>An admin client configuration.</summary>
    public static AdminClientConfig Admin(KafkaOptions options)
    {
        var config = new AdminClientConfig { BootstrapServers = options.BootstrapServers };
        ApplySecurity(config, options);
        return config;
    }

    private static void ApplySecurity(ClientConfig config, KafkaOptions options)
    {
        if (string.IsNullOrEmpty(options.SaslUsername))
        {
            return;
        }

        // Event Hubs' Kafka endpoint and Confluent Cloud both use SASL_SSL with PLAIN.
        config.SecurityProtocol = SecurityProtocol.SaslSsl;
        config.SaslMechanism = SaslMechanism.Plain;
        config.SaslUsername = options.SaslUsername;
        config.SaslPassword = options.SaslPassword;
    }
}
