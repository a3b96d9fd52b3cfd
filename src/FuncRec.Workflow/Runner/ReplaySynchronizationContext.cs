namespace FuncRec.Workflow.Runner;

/// <summary>
/// Runs orchestrator continuations one at a time on the runner's thread, in the order they were posted,
/// so an orchestration advances only when the runner pumps, and always the same way on replay.
/// </summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> and then every continuation it made ready, with this context current.</summary>
    public void Run(Action action)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            action();
            while (_queue.TryDequeue(out var work))
            {
                work.Callback(work.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
