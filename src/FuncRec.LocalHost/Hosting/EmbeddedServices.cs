using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Infrastructure.LocalServices;
using FuncRec.Infrastructure.Redis;
using Microsoft.Extensions.Configuration;

namespace FuncRec.LocalHost.Hosting;

/// <summary>
/// The services the local host starts for itself when nothing is configured: a private redis-server,
/// Azurite and a Kafka-protocol broker on free loopback ports. Whatever the configuration already names
/// (a real Kafka or Event Hubs, a Redis, a storage account) is used as given and not started.
/// </summary>
public sealed class EmbeddedServices : IAsyncDisposable
{
    private readonly List<IDisposable> _started = [];

    private EmbeddedServices()
    {
    }

    /// <summary>Configuration values pointing the host at the started services (empty when none started).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One line per service: what was started, or which configured endpoint is used.</summary>
    public List<string> Descriptions { get; } = [];

    /// <summary>Starts every service that <paramref name="configuration"/> does not already name.</summary>
    public static async Task<EmbeddedServices> StartMissingAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var services = new EmbeddedServices();
        try
        {
            var redisKey = $"{RedisOptions.SectionName}:{nameof(RedisOptions.ConnectionString)}";
            var blobKey = $"{BlobStorageOptions.SectionName}:{nameof(BlobStorageOptions.ConnectionString)}";
            var blobUriKey = $"{BlobStorageOptions.SectionName}:{nameof(BlobStorageOptions.ServiceUri)}";
            var kafkaKey = $"{KafkaOptions.SectionName}:{nameof(KafkaOptions.BootstrapServers)}";

            // Start the slow ones together: Azurite (node) dominates start-up on a 2-core machine.
            var redisTask = string.IsNullOrWhiteSpace(configuration[redisKey]) ? RedisServerProcess.StartAsync(cancellationToken) : null;
            var azuriteTask = string.IsNullOrWhiteSpace(configuration[blobKey]) && string.IsNullOrWhiteSpace(configuration[blobUriKey])
                ? AzuriteProcess.StartAsync(cancellationToken)
                : null;

            if (string.IsNullOrWhiteSpace(configuration[kafkaKey]))
            {
                var broker = services.Track(KafkaMockBroker.Start());
                services.Settings[kafkaKey] = broker.BootstrapServers;
                // Consumers subscribe before anything is produced; the topics must exist by then.
                var kafka = new KafkaOptions();
                configuration.GetSection(KafkaOptions.SectionName).Bind(kafka);
                broker.EnsureTopics([kafka.BehaviorTopic, kafka.CatalogTopic, kafka.DeadLetterTopic]);
                services.Descriptions.Add($"kafka   started librdkafka mock cluster at {broker.BootstrapServers}");
            }
            else
            {
                services.Descriptions.Add($"kafka   using configured {configuration[kafkaKey]}");
            }

            if (redisTask is not null)
            {
                var redis = services.Track(await redisTask.ConfigureAwait(false));
                services.Settings[redisKey] = redis.ConnectionString;
                services.Descriptions.Add($"redis   started redis-server on 127.0.0.1:{redis.Port}");
            }
            else
            {
                services.Descriptions.Add("redis   using configured connection");
            }

            if (azuriteTask is not null)
            {
                var azurite = services.Track(await azuriteTask.ConfigureAwait(false));
                services.Settings[blobKey] = azurite.ConnectionString;
                services.Descriptions.Add($"storage started Azurite (blob on 127.0.0.1:{azurite.BlobPort})");
            }
            else
            {
                services.Descriptions.Add("storage using configured account");
            }

            return services;
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops what was started, newest first.</summary>
    public ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            _started[i].Dispose();
        }

        _started.Clear();
        return ValueTask.CompletedTask;
    }

    private T Track<T>(T service) where T : IDisposable
    {
        _started.Add(service);
        return service;
    }
}
