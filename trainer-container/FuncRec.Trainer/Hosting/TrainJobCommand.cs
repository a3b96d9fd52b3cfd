using System.Text.Json;
using FuncRec.Core.Training;
using FuncRec.Trainer.Callbacks;
using FuncRec.Trainer.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FuncRec.Trainer.Hosting;

/// <summary>
/// <c>train --spec job.json</c>: runs one job to completion without the HTTP service, for Container Apps jobs.
/// The job is recorded in the same job store as the service's, so its status is visible and re-running the
/// same spec is idempotent. Exit codes: 0 succeeded, 1 failed, 75 failed but retryable, 2 bad usage or spec.
/// </summary>
public static partial class TrainJobCommand
{
    /// <summary>Exit code: the job succeeded (now or earlier).</summary>
    public const int Succeeded = 0;

    /// <summary>Exit code: the job failed and a retry will not help.</summary>
    public const int Failed = 1;

    /// <summary>Exit code: bad usage or an invalid spec.</summary>
    public const int Usage = 2;

    /// <summary>Exit code (EX_TEMPFAIL): the job failed for a transient reason; run it again.</summary>
    public const int Retryable = 75;

    /// <summary>Runs the command; <paramref name="args"/> are what follows <c>train</c>.</summary>
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var specIndex = Array.IndexOf(args, "--spec");
        if (specIndex < 0 || specIndex == args.Length - 1)
        {
            await Console.Error.WriteLineAsync("usage: funcrec-trainer train --spec job.json [--Section:Key=value ...]").ConfigureAwait(false);
            return Usage;
        }

        var specPath = args[specIndex + 1];
        TrainingJobSpec spec;
        try
        {
            await using var file = File.OpenRead(specPath);
            spec = await TrainingJobSpecReader.ReadAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"invalid job spec '{specPath}': {ex.Message}").ConfigureAwait(false);
            return Usage;
        }

        var errors = TrainingJobSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            foreach (var (field, messages) in errors)
            {
                await Console.Error.WriteLineAsync($"invalid job spec '{specPath}': {field}: {string.Join(" ", messages)}").ConfigureAwait(false);
            }

            return Usage;
        }

        var builder = Host.CreateApplicationBuilder([.. args.Where((_, i) => i != specIndex && i != specIndex + 1)]);
        configureServices?.Invoke(builder.Services);
        builder.AddTrainerCore();
        builder.AddTrainingData();
        builder.AddTrainingExecutor();
        builder.AddJobCallbacks();
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TrainJobCommand));
            var record = await ClaimAsync(host.Services.GetRequiredService<BlobJobStore>(), spec, host.Services.GetRequiredService<TimeProvider>(), logger, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return Usage;
            }

            if (record.Status.State == TrainingJobState.Queued)
            {
                record = await host.Services.GetRequiredService<TrainingJobRunner>().RunAsync(spec.JobId, cancellationToken).ConfigureAwait(false) ?? record;
                if (spec.CallbackUrl is { } url && record.Status.IsTerminal)
                {
                    await host.Services.GetRequiredService<CallbackSender>()
                        .SendAsync(url, record.Status, cancellationToken).ConfigureAwait(false);
                }
            }

            var status = record.Status;
            LogOutcome(logger, spec.JobId, status.State.ToString(), status.ProducedVersion, status.Error);
            Console.WriteLine(JsonSerializer.Serialize(status, TrainingJsonContext.Default.TrainingJobStatus));
            return status.State switch
            {
                TrainingJobState.Succeeded => Succeeded,
                TrainingJobState.Failed => Failed,
                _ => Retryable,
            };
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    // The record as this run will treat it: new, or re-queued when an earlier run ended retryable or died mid-run
    // (a Container Apps job runs one replica, so a Running record here is a dead earlier execution). A finished
    // job is reported, not re-run; a different spec under the same id is refused.
    private static async Task<TrainingJobRecord?> ClaimAsync(BlobJobStore store, TrainingJobSpec spec, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var fresh = TrainingJobRecord.New(spec, time.GetUtcNow());
        if (await store.TryCreateAsync(fresh, cancellationToken).ConfigureAwait(false))
        {
            return fresh;
        }

        var updated = await store.UpdateAsync(spec.JobId, r =>
            TrainingJobService.SameSpec(r.Spec, spec) && r.Status.State is TrainingJobState.FailedRetryable or TrainingJobState.Running
                ? r.Requeued()
                : null, cancellationToken).ConfigureAwait(false);
        if (updated is not ({ } record, _) || !TrainingJobService.SameSpec(record.Spec, spec))
        {
            LogConflict(logger, spec.JobId);
            return null;
        }

        return record;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {State}, version {Version}, error {Error}")]
    private static partial void LogOutcome(ILogger logger, string jobId, string state, string? version, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} already exists with a different spec; use a new job id")]
    private static partial void LogConflict(ILogger logger, string jobId);
}
