using FuncRec.Core.Updates.Orchestration;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using RetryOptions = FuncRec.Core.Updates.Orchestration.RetryOptions;

namespace FuncRec.Functions.Hosting;

/// <summary>
/// The core workflow's <see cref="IOrchestrationContext"/> over Durable Functions' <see cref="TaskOrchestrationContext"/>,
/// one line per member. Retries become <see cref="TaskOptions.FromRetryPolicy"/> with the same four numbers.
/// </summary>
/// <param name="context">The orchestration trigger's context.</param>
public sealed class DurableOrchestrationContext(TaskOrchestrationContext context) : IOrchestrationContext
{
    /// <inheritdoc />
    public string InstanceId => context.InstanceId;

    /// <inheritdoc />
    public DateTime CurrentUtcDateTime => context.CurrentUtcDateTime;

    /// <inheritdoc />
    public bool IsReplaying => context.IsReplaying;

    /// <inheritdoc />
    public T? GetInput<T>() => context.GetInput<T>();

    /// <inheritdoc />
    public Task<T> CallActivityAsync<T>(string name, object? input = null, RetryOptions? retry = null) =>
        context.CallActivityAsync<T>(name, input, retry is null ? null : TaskOptions.FromRetryPolicy(new RetryPolicy(retry.MaxNumberOfAttempts, retry.FirstRetryInterval, retry.BackoffCoefficient, retry.MaxRetryInterval)));

    /// <inheritdoc />
    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => context.CreateTimer(fireAt, cancellationToken);

    /// <inheritdoc />
    public Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default) => context.WaitForExternalEvent<T>(name, cancellationToken);

    /// <inheritdoc />
    public void SetCustomStatus(object? customStatus) => context.SetCustomStatus(customStatus);

    /// <inheritdoc />
    public ILogger CreateReplaySafeLogger(string categoryName) => context.CreateReplaySafeLogger(categoryName);

    /// <inheritdoc />
    public Guid NewGuid() => context.NewGuid();
}
