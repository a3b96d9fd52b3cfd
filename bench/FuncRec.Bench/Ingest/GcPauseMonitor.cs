namespace FuncRec.Bench.Ingest;

/// <summary>
/// Watches this process's garbage collections during a measurement, so a latency tail can be told apart from a GC
/// pause: the number of collections, the total pause and the longest single pause with its generation. Polls the
/// last collection's info every 2 ms; two collections inside one poll count as one (the total is exact regardless).
/// </summary>
internal sealed class GcPauseMonitor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _pausedBefore = GC.GetTotalPauseDuration();
    private readonly int _collectionsBefore = GC.CollectionCount(0);
    private readonly Task _polling;
    private TimeSpan _longest;
    private int _longestGeneration;

    public GcPauseMonitor() => _polling = Task.Run(PollAsync);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }

    /// <summary>Collections, total pause and the longest pause since this monitor started.</summary>
    public string Summary() =>
        $"GC: {GC.CollectionCount(0) - _collectionsBefore} collections, {(GC.GetTotalPauseDuration() - _pausedBefore).TotalMilliseconds:F0} ms paused, " +
        $"longest {_longest.TotalMilliseconds:F0} ms (gen{_longestGeneration})";

    private async Task PollAsync()
    {
        long lastIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        while (!_stop.IsCancellationRequested)
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index != lastIndex)
            {
                lastIndex = info.Index;
                var pause = TimeSpan.Zero;
                foreach (var p in info.PauseDurations)
                {
                    pause += p;
                }

                if (pause > _longest)
                {
                    (_longest, _longestGeneration) = (pause, info.Generation);
                }
            }

            try
            {
                await Task.Delay(2, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
