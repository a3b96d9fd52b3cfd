using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FuncRec.Core.Updates.Orchestration;
using Microsoft.Extensions.Logging;

namespace FuncRec.Workflow.Runner;

/// <summary>
/// The local runner's <see cref="IOrchestrationContext"/>. Activities and timers get task ids in the order
/// the orchestrator schedules them; the runner completes them from history (replay) or from real work
/// (live), always through <see cref="ReplaySynchronizationContext"/>, so the same history drives the same code path.
/// </summary>
internal sealed class ReplayOrchestrationContext : IOrchestrationContext
{
    private readonly string? _input;
    private readonly JsonSerializerOptions _json;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Dictionary<int, OpenOperation> _open = [];
    private readonly List<EventWaiter> _waiters = [];
    private readonly List<(string Name, string? Data)> _buffered = [];
    private int _nextTaskId;
    private int _guidCounter;

    public ReplayOrchestrationContext(string instanceId, string? input, DateTime startedUtc, JsonSerializerOptions json, ILoggerFactory loggerFactory)
    {
        InstanceId = instanceId;
        _input = input;
        _json = json;
        _loggerFactory = loggerFactory;
        CurrentUtcDateTime = startedUtc;
    }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime { get; set; }

    public bool IsReplaying { get; set; }

    /// <summary>The latest custom status as JSON, and whether it changed since the runner last saved it.</summary>
    public string? CustomStatusJson { get; private set; }

    public bool CustomStatusChanged { get; set; }

    /// <summary>Activities and timers scheduled and not yet completed, by task id.</summary>
    public IReadOnlyDictionary<int, OpenOperation> Open => _open;

    public int ScheduledCount => _nextTaskId;

    public T? GetInput<T>() => _input is null ? default : (T?)JsonSerializer.Deserialize(_input, _json.GetTypeInfo(typeof(T)));

    public Task<T> CallActivityAsync<T>(string name, object? input = null, RetryOptions? retry = null)
    {
        var tcs = new TaskCompletionSource<T>();
        var data = input is null ? null : JsonSerializer.Serialize(input, _json.GetTypeInfo(input.GetType()));
        var id = _nextTaskId++;
        _open[id] = new ActivityOperation(id, name, data, retry,
            result => tcs.TrySetResult(result is null ? default! : (T)JsonSerializer.Deserialize(result, _json.GetTypeInfo(typeof(T)))!),
            error => tcs.TrySetException(new ActivityFailedException(name, error)));
        return tcs.Task;
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource();
        var id = _nextTaskId++;
        _open[id] = new TimerOperation(id, DateTime.SpecifyKind(fireAt, DateTimeKind.Utc), () => tcs.TrySetResult());
        if (cancellationToken.CanBeCanceled)
        {
            // Cancellation happens inside orchestrator code, so it is replayed at the same point every time.
            cancellationToken.Register(() =>
            {
                _open.Remove(id);
                tcs.TrySetCanceled(cancellationToken);
            });
        }

        return tcs.Task;
    }

    public Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default)
    {
        var tcs = new TaskCompletionSource<T>();
        void Deliver(string? data) => tcs.TrySetResult(data is null ? default! : (T)JsonSerializer.Deserialize(data, _json.GetTypeInfo(typeof(T)))!);

        var index = _buffered.FindIndex(e => string.Equals(e.Name, name, StringComparison.Ordinal));
        if (index >= 0)
        {
            var buffered = _buffered[index];
            _buffered.RemoveAt(index);
            Deliver(buffered.Data);
            return tcs.Task;
        }

        var waiter = new EventWaiter(name, Deliver);
        _waiters.Add(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                _waiters.Remove(waiter);
                tcs.TrySetCanceled(cancellationToken);
            });
        }

        return tcs.Task;
    }

    public void SetCustomStatus(object? customStatus)
    {
        var json = customStatus is null ? null : JsonSerializer.Serialize(customStatus, _json.GetTypeInfo(customStatus.GetType()));
        if (!string.Equals(json, CustomStatusJson, StringComparison.Ordinal))
        {
            CustomStatusJson = json;
            CustomStatusChanged = true;
        }
    }

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(this, _loggerFactory.CreateLogger(categoryName));

    public Guid NewGuid()
    {
        // Name-based like Durable's: the same instance and counter give the same GUID on every replay.
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{InstanceId}:{_guidCounter++}"));
        var guid = bytes.AsSpan(0, 16).ToArray();
        guid[7] = (byte)((guid[7] & 0x0F) | 0x50);
        guid[8] = (byte)((guid[8] & 0x3F) | 0x80);
        return new Guid(guid);
    }

    /// <summary>Delivers an activity result or failure.</summary>
    public void CompleteActivity(int taskId, string? result, string? error)
    {
        if (!_open.Remove(taskId, out var op) || op is not ActivityOperation activity)
        {
            throw new NonDeterministicWorkflowException($"history completes activity task {taskId}, which the orchestrator has not scheduled");
        }

        if (error is null)
        {
            activity.Complete(result);
        }
        else
        {
            activity.Fail(error);
        }
    }

    /// <summary>Fires a timer; a timer cancelled meanwhile is ignored, as in Durable.</summary>
    public void FireTimer(int taskId)
    {
        if (_open.Remove(taskId, out var op) && op is TimerOperation timer)
        {
            timer.Fire();
        }
    }

    /// <summary>Delivers an external event to the oldest waiter for its name, or buffers it.</summary>
    public void RaiseEvent(string name, string? data)
    {
        var waiter = _waiters.Find(w => string.Equals(w.Name, name, StringComparison.Ordinal));
        if (waiter is null)
        {
            _buffered.Add((name, data));
            return;
        }

        _waiters.Remove(waiter);
        waiter.Deliver(data);
    }

    /// <summary>Checks that a recorded schedule matches what the orchestrator scheduled now.</summary>
    public void VerifyScheduled(int taskId, string? name)
    {
        if (taskId >= _nextTaskId)
        {
            throw new NonDeterministicWorkflowException($"history schedules task {taskId} ({name}), the orchestrator scheduled only {_nextTaskId}");
        }

        if (_open.TryGetValue(taskId, out var op) && op is ActivityOperation a && !string.Equals(a.Name, name, StringComparison.Ordinal))
        {
            throw new NonDeterministicWorkflowException($"history has activity '{name}' as task {taskId}, the orchestrator scheduled '{a.Name}'");
        }
    }

    private sealed record EventWaiter(string Name, Action<string?> Deliver);

    private sealed class ReplaySafeLogger(ReplayOrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

/// <summary>A scheduled, not yet completed activity or timer.</summary>
internal abstract record OpenOperation(int TaskId);

/// <summary>An open activity.</summary>
internal sealed record ActivityOperation(int TaskId, string Name, string? Input, RetryOptions? Retry, Action<string?> Complete, Action<string> Fail)
    : OpenOperation(TaskId);

/// <summary>An open timer.</summary>
internal sealed record TimerOperation(int TaskId, DateTime FireAt, Action Fire) : OpenOperation(TaskId);

/// <summary>The orchestrator did something different from what its history records.</summary>
public sealed class NonDeterministicWorkflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonDeterministicWorkflowException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NonDeterministicWorkflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public NonDeterministicWorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
