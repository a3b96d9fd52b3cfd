using FuncRec.Infrastructure.LocalServices;
using FuncRec.Infrastructure.Redis;
using StackExchange.Redis;

namespace FuncRec.Testing;

/// <summary>A class fixture: the shared redis-server plus a connection and a key prefix unique to the class.</summary>
public sealed class RedisFixture : IDisposable
{
    /// <summary>Starts (or joins) the shared redis-server. Fails with the setup command when it is not installed.</summary>
    public RedisFixture()
    {
        Server = SharedServices.RedisAsync().GetAwaiter().GetResult();
        Connection = RedisServiceCollectionExtensions.Connect(Server.ConnectionString);
        KeyPrefix = $"t{Guid.NewGuid():N}"[..12] + ":";
    }

    /// <summary>The running server.</summary>
    public RedisServerProcess Server { get; }

    /// <summary>A connection for the test class.</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>A prefix no other class uses.</summary>
    public string KeyPrefix { get; }

    /// <summary>Closes the connection; the server stays up for other classes.</summary>
    public void Dispose() => Connection.Dispose();
}
