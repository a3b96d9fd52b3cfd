using Confluent.Kafka;

namespace FuncRec.Infrastructure.Kafka;

/// <summary>
/// A Kafka-protocol broker for one machine: librdkafka's built-in mock cluster. It listens on real
/// loopback TCP ports and serves producers, consumers and consumer groups of any other client, in this
/// process or another. It lives as long as the client that owns it, so dispose it to stop the broker.
/// </summary>
/// <remarks>
/// The mock cluster keeps data in memory only. It is the local and CI broker; production uses Event
/// Hubs or a real Kafka through <see cref="KafkaOptions.BootstrapServers"/>.
/// </remarks>
public sealed class KafkaMockBroker : IDisposable
{
    private readonly IProducer<byte[], byte[]> _owner;

    private KafkaMockBroker(IProducer<byte[], byte[]> owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Partitions of a topic the mock cluster creates on first use (librdkafka's mock default).</summary>
    public const int DefaultPartitions = 4;

    /// <summary>The mock cluster's bootstrap servers, <c>127.0.0.1:port,…</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers and waits until it answers metadata.</summary>
    public static KafkaMockBroker Start(int brokers = 1, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(brokers);
        var config = new ProducerConfig { ClientId = "funcrec-mock-broker" };
        // librdkafka creates the cluster inside this client and points the client's own bootstrap at it.
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var owner = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(owner.Handle).Build();
            var metadata = admin.GetMetadata(timeout ?? TimeSpan.FromSeconds(10));
            var servers = string.Join(',', metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
            if (servers.Length == 0)
            {
                throw new InvalidOperationException("The librdkafka mock cluster reported no brokers.");
            }

            return new KafkaMockBroker(owner, servers);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes sure the topics exist and returns their partition counts. The mock cluster creates a topic
    /// with <see cref="DefaultPartitions"/> partitions when a client first asks for its metadata; its
    /// CreateTopics path cannot be used because it reports a controller id that no mock broker has.
    /// </summary>
    public IReadOnlyDictionary<string, int> EnsureTopics(IEnumerable<string> topics, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        using var admin = new DependentAdminClientBuilder(_owner.Handle).Build();
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, timeout ?? TimeSpan.FromSeconds(10));
            var t = metadata.Topics.Single(m => m.Topic == topic);
            if (t.Error.IsError)
            {
                throw new KafkaException(t.Error);
            }

            partitions[topic] = t.Partitions.Count;
        }

        return partitions;
    }

    /// <summary>Stops the mock cluster.</summary>
    public void Dispose() => _owner.Dispose();
}
