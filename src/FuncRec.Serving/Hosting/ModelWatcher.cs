using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Serving.Hosting;

/// <summary>
/// Polls <c>models/{model}/CURRENT</c> every <see cref="ServingOptions.PollInterval"/> (an ETag HEAD
/// when nothing changed) and lets <see cref="ModelHolder"/> load and swap new versions in the background.
/// The first check runs at start-up, without blocking host start.
/// </summary>
public sealed partial class ModelWatcher : IHostedService, IDisposable
{
    private readonly ModelHolder _holder;
    private readonly ServingOptions _options;
    private readonly ILogger<ModelWatcher> _logger;
    private readonly TimeProvider _time;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    /// <summary>Creates the watcher.</summary>
    public ModelWatcher(ModelHolder holder, IOptions<ServingOptions> options, ILogger<ModelWatcher> logger, TimeProvider? time = null)
    {
        _holder = holder;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose() => _stopping?.Dispose();

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _holder.ReloadAsync(force: false, stopping).ConfigureAwait(false);
                await Task.Delay(_options.PollInterval, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must survive anything a poll throws; the next poll retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(ex);
                await Task.Delay(_options.PollInterval, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the model pointer failed; retrying at the next interval")]
    private partial void LogPollFailed(Exception exception);
}
