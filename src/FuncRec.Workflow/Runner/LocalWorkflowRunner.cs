using System.Globalization;
using System.Text.Json;
using FuncRec.Core.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Workflow.Runner;

/// <summary>
/// A local stand-in for Durable Functions: persists each instance's history in Redis, drives an instance by
/// replaying its history through the orchestrator and then executing new work, and resumes after a process
/// restart with no completed activity executed again. One runner at a time drives an instance (a Redis
/// lease that every history append checks), and one instance per id runs at a time (singleton start).
/// </summary>
public sealed partial class LocalWorkflowRunner : IWorkflowClient
{
    private const string AppendScript = """
        if redis.call('GET', KEYS[3]) ~= ARGV[3] then return -1 end
        if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[4]) then return -2 end
        redis.call('RPUSH', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[2], 'updatedUtc', ARGV[2])
        if ARGV[5] ~= '' then
            if redis.call('LINDEX', KEYS[4], 0) ~= ARGV[5] then return -3 end
            redis.call('LPOP', KEYS[4])
        end
        return 1
        """;

    private const string StartScript = """
        local s = redis.call('HGET', KEYS[1], 'status')
        if s == 'Pending' or s == 'Running' then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
        redis.call('HSET', KEYS[1], 'name', ARGV[1], 'status', 'Pending', 'input', ARGV[2], 'createdUtc', ARGV[3], 'updatedUtc', ARGV[3])
        redis.call('RPUSH', KEYS[2], ARGV[4])
        redis.call('SADD', KEYS[4], ARGV[5])
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisWorkflowKeys _keys;
    private readonly WorkflowCatalog _catalog;
    private readonly LocalWorkflowRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates a runner over <paramref name="redis"/>, with every key under <paramref name="keyPrefix"/>.</summary>
    public LocalWorkflowRunner(
        IConnectionMultiplexer redis,
        string keyPrefix,
        WorkflowCatalog catalog,
        IOptions<LocalWorkflowRunnerOptions> options,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _keys = new RedisWorkflowKeys(keyPrefix);
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _logger = loggerFactory.CreateLogger<LocalWorkflowRunner>();
    }

    /// <summary>
    /// Called after every history append has been persisted, before the runner continues. A diagnostics and
    /// fault-injection hook: tests throw from it to abandon the runner at exactly that point.
    /// </summary>
    public Func<HistoryEvent, ValueTask>? HistoryAppended { get; set; }

    private IDatabase Db => _redis.GetDatabase();

    /// <inheritdoc />
    public async Task<WorkflowStartResult> StartAsync(string orchestrator, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestrator);
        ArgumentNullException.ThrowIfNull(input);
        CheckpointLayout.ValidateName(instanceId, nameof(instanceId));
        if (_catalog.Orchestrator(orchestrator) is null)
        {
            throw new ArgumentException($"No orchestrator named '{orchestrator}' is registered.", nameof(orchestrator));
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var inputJson = JsonSerializer.Serialize(input, _catalog.Json.GetTypeInfo(input.GetType()));
        var started = Serialize(new HistoryEvent(0, HistoryEventType.ExecutionStarted, now, Name: orchestrator, Data: inputJson));
        var created = (long)await Db.ScriptEvaluateAsync(
            StartScript,
            [_keys.Meta(instanceId), _keys.History(instanceId), _keys.Inbox(instanceId), _keys.Instances()],
            [orchestrator, inputJson, Stamp(now), started, instanceId]).ConfigureAwait(false);
        if (created == 0)
        {
            return new WorkflowStartResult(false, instanceId, $"instance '{instanceId}' is already running");
        }

        LogStarted(_logger, instanceId, orchestrator);
        return new WorkflowStartResult(true, instanceId, "started");
    }

    /// <inheritdoc />
    public async Task<WorkflowInstanceStatus?> GetStatusAsync(string instanceId, bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        var meta = (await Db.HashGetAllAsync(_keys.Meta(instanceId)).ConfigureAwait(false)).ToDictionary(e => e.Name.ToString(), e => (string?)e.Value);
        if (meta.Count == 0)
        {
            return null;
        }

        var history = includeHistory ? await ReadHistoryAsync(instanceId).ConfigureAwait(false) : null;
        return new WorkflowInstanceStatus(
            instanceId,
            meta.GetValueOrDefault("name") ?? string.Empty,
            Enum.TryParse<WorkflowRuntimeStatus>(meta.GetValueOrDefault("status"), out var s) ? s : WorkflowRuntimeStatus.Pending,
            ParseStamp(meta.GetValueOrDefault("createdUtc")),
            ParseStamp(meta.GetValueOrDefault("updatedUtc")),
            NullIfEmpty(meta.GetValueOrDefault("input")),
            NullIfEmpty(meta.GetValueOrDefault("output")),
            NullIfEmpty(meta.GetValueOrDefault("customStatus")),
            NullIfEmpty(meta.GetValueOrDefault("error")),
            history);
    }

    /// <inheritdoc />
    public async Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var data = payload is null ? null : JsonSerializer.Serialize(payload, _catalog.Json.GetTypeInfo(payload.GetType()));

        // Inbox entries carry a unique id so the atomic pop in the append script removes exactly this entry.
        var entry = Serialize(new HistoryEvent(-1, HistoryEventType.EventRaised, _time.GetUtcNow().UtcDateTime, Name: eventName, Data: data, Error: Guid.NewGuid().ToString("N")));
        await Db.ListRightPushAsync(_keys.Inbox(instanceId), entry).ConfigureAwait(false);
    }

    /// <summary>Every instance id this runner's store knows.</summary>
    public async Task<IReadOnlyList<string>> ListInstancesAsync() =>
        [.. (await Db.SetMembersAsync(_keys.Instances()).ConfigureAwait(false)).Select(v => v.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>Drives every Pending or Running instance whose lease is free to completion, one after the other.</summary>
    public async Task<int> RunPendingAsync(CancellationToken cancellationToken)
    {
        var driven = 0;
        foreach (var id in await ListInstancesAsync().ConfigureAwait(false))
        {
            var status = await GetStatusAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (status is { IsRunning: true } && !await Db.KeyExistsAsync(_keys.Lease(id)).ConfigureAwait(false))
            {
                await RunAsync(id, cancellationToken).ConfigureAwait(false);
                driven++;
            }
        }

        return driven;
    }

    /// <summary>
    /// Replays the instance and drives it until the orchestrator returns (or <paramref name="cancellationToken"/>
    /// fires, which abandons it for a later runner). Returns the final status; when another runner holds the
    /// lease it returns the current status without running. Whatever ends the drive, it returns or throws only
    /// after every activity it started has finished, and releases the lease after that.
    /// </summary>
    /// <exception cref="InvalidOperationException">The lease was lost (not renewed in time, or taken over).</exception>
    public async Task<WorkflowInstanceStatus?> RunAsync(string instanceId, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        if (!await Db.StringSetAsync(_keys.Lease(instanceId), token, _options.LeaseDuration, When.NotExists).ConfigureAwait(false))
        {
            return await GetStatusAsync(instanceId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var keeper = new LeaseKeeper(Db, _keys.Lease(instanceId), token, _options.LeaseDuration, instanceId, _time, _logger);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Lost);
        Execution? execution = null;
        try
        {
            var status = await GetStatusAsync(instanceId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (status is null || !status.IsRunning)
            {
                return status;
            }

            execution = new Execution(this, instanceId, status.Name, token, cts.Token);
            await execution.RunAsync().ConfigureAwait(false);
            return await GetStatusAsync(instanceId, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (keeper.IsLost && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"lost the lease on '{instanceId}': {keeper.LostReason}");
        }
        finally
        {
            // Order matters: stop the activities and wait for them while the lease is still ours (renewed), and
            // only then stop renewing and release. The worker starts another drive of this instance only after
            // this method returns, so no activity ever runs twice at once within a process.
            await cts.CancelAsync().ConfigureAwait(false);
            if (execution is not null)
            {
                await execution.DrainAsync().ConfigureAwait(false);
            }

            keeper.Dispose();
            await Db.ScriptEvaluateAsync(ReleaseScript, [_keys.Lease(instanceId)], [token]).ConfigureAwait(false);
        }
    }

    private async Task<List<HistoryEvent>> ReadHistoryAsync(string instanceId)
    {
        var raw = await Db.ListRangeAsync(_keys.History(instanceId)).ConfigureAwait(false);
        return [.. raw.Select(v => Deserialize(v!))];
    }

    private static string Serialize(HistoryEvent e) => JsonSerializer.Serialize(e, RunnerJsonContext.Default.HistoryEvent);

    private static HistoryEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, RunnerJsonContext.Default.HistoryEvent) ?? throw new InvalidDataException("empty history event");

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string Stamp(DateTime utc) => utc.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime ParseStamp(string? s) =>
        DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : default;

    [LoggerMessage(EventId = 7200, Level = LogLevel.Information, Message = "Workflow {InstanceId} ({Orchestrator}) started")]
    private static partial void LogStarted(ILogger logger, string instanceId, string orchestrator);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Workflow {InstanceId} resumed: replaying {Events} history events")]
    private static partial void LogResumed(ILogger logger, string instanceId, int events);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Workflow {InstanceId} ended {Status}")]
    private static partial void LogEnded(ILogger logger, string instanceId, WorkflowRuntimeStatus status);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "Workflow {InstanceId} activity {Activity} attempt {Attempt} failed: {Error}")]
    private static partial void LogActivityAttemptFailed(ILogger logger, string instanceId, string activity, int attempt, string error);

    [LoggerMessage(EventId = 7206, Level = LogLevel.Information, Message = "Workflow {InstanceId}: an activity of the ended drive finished with {Exception}; the next drive runs it again")]
    private static partial void LogActivityAbandoned(ILogger logger, string instanceId, string exception);
}
