using StackExchange.Redis;

namespace FuncRec.Infrastructure.LocalServices;

/// <summary>A private redis-server on a free loopback port, with persistence off and its data in a fresh folder.</summary>
public sealed class RedisServerProcess : IDisposable
{
    private readonly ManagedProcess _process;

    private RedisServerProcess(ManagedProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true";

    /// <summary>Starts redis-server, retrying on a port race, and waits for PING.</summary>
    /// <exception cref="LocalServiceMissingException">redis-server is not installed.</exception>
    public static async Task<RedisServerProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var binary = LocalServicePaths.FindOnPath("redis-server")
            ?? throw new LocalServiceMissingException("redis-server", "redis-server on PATH");
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort.Next();
            var dir = LocalServicePaths.NewRunDirectory("redis");
            var process = ManagedProcess.Start("redis-server", binary,
            [
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--save", string.Empty,
                "--appendonly", "no",
                "--dir", dir,
                "--daemonize", "no",
                "--protected-mode", "yes",
            ], dir);
            try
            {
                await process.WaitUntilAsync(async ct =>
                {
                    using var mux = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=500,abortConnect=true").ConfigureAwait(false);
                    await mux.GetDatabase().PingAsync().ConfigureAwait(false);
                    return true;
                }, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
                return new RedisServerProcess(process, port);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                last = ex;
                process.Dispose();
            }
        }

        throw new InvalidOperationException("redis-server could not be started.", last);
    }

    /// <summary>Stops the server.</summary>
    public void Dispose() => _process.Dispose();
}
