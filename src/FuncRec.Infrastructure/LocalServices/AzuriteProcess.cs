using System.Globalization;

namespace FuncRec.Infrastructure.LocalServices;

/// <summary>
/// Azurite (blob, queue and table) from the project-local <c>.tools/azurite</c>, on free loopback ports,
/// with its data in a fresh folder.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    /// <summary>Azurite's well-known development account and key (public, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ManagedProcess _process;

    private AzuriteProcess(ManagedProcess process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>A storage connection string with explicit endpoints for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>The operating-system id of the Azurite process (benchmarks read its CPU time).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The path of the project-local Azurite launcher.</summary>
    public static string BinaryPath => Path.Combine(LocalServicePaths.ToolsDirectory, "azurite", "node_modules", ".bin", "azurite");

    /// <summary>Starts Azurite, retrying on a port race, and waits until the blob port accepts connections.</summary>
    /// <exception cref="LocalServiceMissingException">Azurite is not installed under .tools/.</exception>
    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(BinaryPath))
        {
            throw new LocalServiceMissingException("Azurite", BinaryPath);
        }

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            int blob = FreePort.Next(), queue = FreePort.Next(), table = FreePort.Next();
            var dir = LocalServicePaths.NewRunDirectory("azurite");
            var process = ManagedProcess.Start("azurite", BinaryPath,
            [
                "--silent",
                "--skipApiVersionCheck",
                "--loose",
                // In memory: tests and demos want a clean store, and nothing outlives the process.
                "--inMemoryPersistence",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(CultureInfo.InvariantCulture),
            ], dir);
            try
            {
                await process.WaitUntilAsync(
                    _ => Task.FromResult(FreePort.IsListening(blob) && FreePort.IsListening(queue) && FreePort.IsListening(table)),
                    TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
                return new AzuriteProcess(process, blob, queue, table);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                last = ex;
                process.Dispose();
            }
        }

        throw new InvalidOperationException("Azurite could not be started.", last);
    }

    /// <summary>Stops Azurite.</summary>
    public void Dispose() => _process.Dispose();
}
