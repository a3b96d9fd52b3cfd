using FuncRec.Workflow.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.Runner;

/// <summary>
/// The local host's stand-in for the Durable runtime and the policy timer: drives every pending or orphaned
/// instance (each on its own task, resuming after a restart), and runs the policy tick periodically.
/// </summary>
public sealed partial class LocalWorkflowWorker(
    LocalWorkflowRunner runner,
    UpdateCoordinator coordinator,
    IOptions<LocalWorkflowRunnerOptions> runnerOptions,
    IOptions<UpdatesOptions> updateOptions,
    TimeProvider time,
    ILogger<LocalWorkflowWorker> logger) : BackgroundService
{
    private readonly Dictionary<string, Task> _driving = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextTick = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextTick)
                {
                    nextTick = time.GetUtcNow() + updateOptions.Value.PolicyTickInterval;
                    await coordinator.TickAsync(stoppingToken).ConfigureAwait(false);
                }

                foreach (var done in _driving.Where(d => d.Value.IsCompleted).Select(d => d.Key).ToList())
                {
                    _driving.Remove(done);
                }

                foreach (var id in await runner.ListInstancesAsync().ConfigureAwait(false))
                {
                    if (!_driving.ContainsKey(id) && await runner.GetStatusAsync(id, cancellationToken: stoppingToken).ConfigureAwait(false) is { IsRunning: true })
                    {
                        _driving[id] = DriveAsync(id, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopped (by the host, or on its own) mid-tick: end quietly rather than as a failed background service.
                break;
            }
            catch (Exception ex)
            {
                // The loop is the local host's only scheduler: log and keep going.
                LogLoopFailed(logger, ex);
            }

            try
            {
                await Task.Delay(runnerOptions.Value.WorkerPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        // A cancelled drive returns only after its activities have ended: wait for them, so none outlives the worker.
        foreach (var drive in _driving.Values)
        {
            try
            {
                await drive.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Abandoned for the next start, by design.
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, ex);
            }
        }
    }

    private async Task DriveAsync(string instanceId, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(instanceId, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogDriveFailed(logger, instanceId, ex);
        }
    }

    [LoggerMessage(EventId = 7600, Level = LogLevel.Error, Message = "Local workflow worker loop failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7601, Level = LogLevel.Error, Message = "Driving workflow {InstanceId} failed; the next poll resumes it")]
    private static partial void LogDriveFailed(ILogger logger, string instanceId, Exception exception);
}
