using FuncRec.Infrastructure.Kafka;
using FuncRec.Infrastructure.LocalServices;

namespace FuncRec.Testing;

/// <summary>
/// One redis-server, one Azurite and one Kafka-protocol broker per test process, started on first use
/// and stopped when the process exits. Test classes share them and isolate themselves by key prefix,
/// container name or topic name, which is far cheaper than a server per class on a 2-core machine.
/// </summary>
public static class SharedServices
{
    private static readonly Lazy<Task<RedisServerProcess>> s_redis = new(() => Track(RedisServerProcess.StartAsync()));
    private static readonly Lazy<Task<AzuriteProcess>> s_azurite = new(() => Track(AzuriteProcess.StartAsync()));
    private static readonly Lazy<KafkaMockBroker> s_kafka = new(() => Track(KafkaMockBroker.Start(brokers: 1)));
    private static readonly List<IDisposable> s_started = [];

    static SharedServices()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
    }

    /// <summary>The shared redis-server.</summary>
    public static Task<RedisServerProcess> RedisAsync() => s_redis.Value;

    /// <summary>The shared Azurite.</summary>
    public static Task<AzuriteProcess> AzuriteAsync() => s_azurite.Value;

    /// <summary>The shared Kafka-protocol broker.</summary>
    public static KafkaMockBroker Kafka => s_kafka.Value;

    private static async Task<T> Track<T>(Task<T> starting) where T : IDisposable => Track(await starting.ConfigureAwait(false));

    private static T Track<T>(T service) where T : IDisposable
    {
        lock (s_started)
        {
            s_started.Add(service);
        }

        return service;
    }

    private static void StopAll()
    {
        lock (s_started)
        {
            foreach (var s in s_started)
            {
                s.Dispose();
            }

            s_started.Clear();
        }
    }
}
