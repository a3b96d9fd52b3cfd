using FuncRec.Trainer.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Hosting;

/// <summary>Applies the thread setting and logs the chosen device once at start, so every run's logs say where it trained.</summary>
public sealed partial class DeviceStartupLogger(IOptions<TrainerOptions> options, ILogger<DeviceStartupLogger> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        TorchRuntime.SetThreads(options.Value.Threads);
        LogDevice(logger, TorchRuntime.Describe(TorchRuntime.SelectDevice(options.Value.Device)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Trainer device: {Device}")]
    private static partial void LogDevice(ILogger logger, string device);
}
