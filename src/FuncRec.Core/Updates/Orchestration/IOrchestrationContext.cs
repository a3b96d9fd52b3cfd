using Microsoft.Extensions.Logging;

namespace FuncRec.Core.Updates.Orchestration;

/// <summary>
/// The members of Durable Task's <c>TaskOrchestrationContext</c> the update workflow uses, with the same
/// names and semantics, so the Azure adapter is one line per member and the local runner replays the
/// same code. Orchestrator code must be deterministic: no I/O, no clocks, no random numbers except
/// through this interface.
/// </summary>
public interface IOrchestrationContext
{
    /// <summary>The instance id, e.g. <c>update-session-rec</c>.</summary>
    string InstanceId { get; }

    /// <summary>Replay-safe current time: the timestamp of the history event being processed.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator re-executes recorded history.</summary>
    bool IsReplaying { get; }

    /// <summary>The instance input.</summary>
    T? GetInput<T>();

    /// <summary>
    /// Schedules an activity and returns its result. A failure after all retries surfaces as an exception
    /// (Durable: <c>TaskFailedException</c>; local runner: <see cref="ActivityFailedException"/>).
    /// </summary>
    Task<T> CallActivityAsync<T>(string name, object? input = null, RetryOptions? retry = null);

    /// <summary>A durable timer firing at <paramref name="fireAt"/> (UTC); cancel it when no longer needed.</summary>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Waits for an external event; events raised before the wait are buffered and delivered in order.</summary>
    Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default);

    /// <summary>Publishes a JSON-serialisable status object readable from outside (the running step).</summary>
    void SetCustomStatus(object? customStatus);

    /// <summary>A logger that writes only when not replaying.</summary>
    ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A deterministic GUID (the same on every replay).</summary>
    Guid NewGuid();
}
