using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FuncRec.Workflow.Runner;

/// <summary>
/// Keeps one instance lease alive from a dedicated thread with synchronous Redis calls, independent of the drive
/// loop. Renewal used to be one of the tasks the drive loop waited on, and its delay was re-armed on every wake-up,
/// so a 3 s training-poll timer kept it from ever firing: a training job longer than the lease lost it, and a second
/// drive ran the same activity concurrently. A dedicated thread also never waits for a starved thread pool.
/// Renews every <c>LeaseDuration / 4</c>, so three renewals in a row may fail or be late before the lease
/// expires. <see cref="Lost"/> fires when Redis says the lease is gone or held by another token, or when no
/// renewal has succeeded for a whole lease duration (the lease may have expired meanwhile).
/// </summary>
internal sealed partial class LeaseKeeper : IDisposable
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private readonly IDatabase _db;
    private readonly RedisKey _key;
    private readonly string _token;
    private readonly TimeSpan _duration;
    private readonly string _instanceId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly ManualResetEventSlim _stop = new();

    /// <summary>Starts renewing a lease the caller has just acquired with <paramref name="token"/>.</summary>
    public LeaseKeeper(IDatabase db, RedisKey key, string token, TimeSpan duration, string instanceId, TimeProvider time, ILogger logger)
    {
        _db = db;
        _key = key;
        _token = token;
        _duration = duration;
        _instanceId = instanceId;
        _time = time;
        _logger = logger;
        var thread = new Thread(Run) { IsBackground = true, Name = "funcrec-lease" };
        thread.Start();
    }

    /// <summary>Cancelled once the lease is lost; never reset.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>True once the lease is lost.</summary>
    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Why the lease was lost.</summary>
    public string? LostReason { get; private set; }

    /// <summary>The renewal interval for a lease of <paramref name="duration"/>.</summary>
    public static TimeSpan RenewalInterval(TimeSpan duration) => duration / 4;

    /// <summary>Stops renewing (before the lease is released). Does not wait for the thread: it may be running a cancellation callback.</summary>
    public void Dispose() => _stop.Set();

    private void Run()
    {
        var lastRenewed = _time.GetTimestamp();
        while (!_stop.Wait(RenewalInterval(_duration)))
        {
            string reason;
            try
            {
                var renewed = (long)_db.ScriptEvaluate(RenewScript, [_key], [_token, (long)_duration.TotalMilliseconds]);
                if (renewed == 1)
                {
                    lastRenewed = _time.GetTimestamp();
                    continue;
                }

                reason = "the lease key is gone or held by another runner";
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogRenewFailed(_logger, _instanceId, ex.Message);
                if (_time.GetElapsedTime(lastRenewed) < _duration)
                {
                    continue;
                }

                reason = $"not renewed for {_duration} (last error: {ex.Message})";
            }

            if (_stop.IsSet)
            {
                return;
            }

            LostReason = reason;
            LogLost(_logger, _instanceId, reason);

            // Cancelling runs the drive's callbacks on this thread, which is fine: it renews no more.
            _lost.Cancel();
            return;
        }
    }

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Workflow {InstanceId}: lease renewal failed, retrying: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string instanceId, string error);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Warning, Message = "Workflow {InstanceId}: lost the lease ({Reason}); stopping this drive after its activities")]
    private static partial void LogLost(ILogger logger, string instanceId, string reason);
}
