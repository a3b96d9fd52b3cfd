using System.Threading.Channels;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// Job ids waiting for the device, in arrival order. One reader (the worker) makes it one job at a time; the
/// queue holds ids only, the state lives in the job store, so losing the queue on a restart loses nothing.
/// </summary>
public sealed class JobQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues <paramref name="jobId"/>.</summary>
    public void Enqueue(string jobId)
    {
        if (!_channel.Writer.TryWrite(jobId))
        {
            throw new InvalidOperationException("The job queue is closed.");
        }
    }

    /// <summary>The queued ids as they arrive.</summary>
    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
