using FuncRec.LocalHost.Hosting;
using Microsoft.Extensions.Configuration;

namespace FuncRec.LocalHost.Commands;

/// <summary>
/// <c>funcrec-local serve</c>: the whole pipeline on this machine until Ctrl+C, starting redis-server, Azurite and
/// the Kafka-protocol broker itself unless the configuration names them (<c>--Redis:ConnectionString=…</c> and so on).
/// </summary>
public static class ServeCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        await using var embedded = await EmbeddedServices.StartMissingAsync(configuration, cancellationToken).ConfigureAwait(false);
        foreach (var line in embedded.Descriptions)
        {
            Console.WriteLine($"[funcrec] {line}");
        }

        await using var app = LocalHostBuilder.Build(args, embedded);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"[funcrec] serving on {string.Join(", ", app.Urls)} (Ctrl+C to stop)");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // Graceful: the ingest loops finish their batch in flight before the services stop.
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
