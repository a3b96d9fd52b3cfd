using System.Threading.Channels;
using FuncRec.Core.Training;
using FuncRec.Trainer.Jobs;
using Microsoft.Extensions.Hosting;

namespace FuncRec.Trainer.Callbacks;

/// <summary>
/// Delivers job outcomes in the background so a slow or briefly-down receiver never holds up the device.
/// Delivery is best effort: callbacks still pending when the trainer stops are dropped, and the workflow's
/// status polling (<c>GET /jobs/{id}</c>) covers them.
/// </summary>
public sealed class CallbackDispatcher(CallbackSender sender) : BackgroundService
{
    private readonly Channel<(Uri Url, TrainingJobStatus Status)> _pending = Channel.CreateUnbounded<(Uri, TrainingJobStatus)>();

    /// <summary>Queues the callback of a job that reached a terminal state; nothing when the spec has no callback URL.</summary>
    public void Enqueue(TrainingJobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Spec.CallbackUrl is { } url)
        {
            _pending.Writer.TryWrite((url, record.Status));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (url, status) in _pending.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            // Sequential on purpose: outcomes arrive one job at a time, and the sender already retries.
            await sender.SendAsync(url, status, stoppingToken).ConfigureAwait(false);
        }
    }
}
