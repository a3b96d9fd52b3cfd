using FuncRec.Core.Training;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Ingestion;
using FuncRec.Ingestion.Blob;
using FuncRec.Trainer.Auth;
using FuncRec.Trainer.Callbacks;
using FuncRec.Trainer.Cooccurrence;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Evaluation;
using FuncRec.Trainer.Execution;
using FuncRec.Trainer.Jobs;
using FuncRec.Trainer.Versions;
using FuncRec.Workflow.Evaluation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FuncRec.Trainer.Hosting;

/// <summary>The trainer's wiring, one concern per method, shared by the HTTP service and the <c>train</c> command.</summary>
public static class TrainerBuilderExtensions
{
    /// <summary>Trainer options, blob storage, versions, job records and the runner: everything needed to run one job.</summary>
    public static IHostApplicationBuilder AddTrainerCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFuncRecBlobStorage();
        builder.Services.AddOptions<TrainerOptions>()
            .Bind(builder.Configuration.GetSection(TrainerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BlobVersionStore>();
        builder.Services.AddSingleton<BlobJobStore>();
        builder.Services.AddSingleton<TrainingJobRunner>();
        builder.Services.AddHostedService<DeviceStartupLogger>();
        return builder;
    }

    /// <summary>Training data: the Diginetica dataset-slice source and the reader that routes windows to sources.</summary>
    public static IHostApplicationBuilder AddTrainingData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TrainingDataOptions>()
            .Bind(builder.Configuration.GetSection(TrainingDataOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ITrainingDataSource, DigineticaSliceDataSource>();
        builder.Services.AddSingleton<TrainingDataReader>();
        return builder;
    }

    /// <summary>
    /// The executor every job runs on, for both the HTTP service and <c>train --spec</c>, chosen by
    /// <c>Trainer:Executor</c>: the TorchSharp <see cref="IncrementalTrainerExecutor"/> (default) or the co-occurrence model.
    /// </summary>
    public static IHostApplicationBuilder AddTrainingExecutor(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var executor = builder.Configuration[$"{TrainerOptions.SectionName}:{nameof(TrainerOptions.Executor)}"] ?? TrainerOptions.IncrementalExecutor;
        if (string.Equals(executor, TrainerOptions.CooccurrenceExecutor, StringComparison.OrdinalIgnoreCase))
        {
            return builder.AddCooccurrenceTrainer();
        }

        builder.AddFuncRecTrainer();
        builder.AddFuncRecIngestion();
        builder.AddFuncRecKafka();
        builder.Services.TryAddSingleton<SegmentWindowSource>();
        builder.Services.TryAddSingleton<TrainingWindowOpener>();
        builder.Services.TryAddSingleton<ITrainingExecutor, IncrementalTrainerExecutor>();
        return builder;
    }

    /// <summary>
    /// Registers the item co-occurrence trainer as the <see cref="ITrainingExecutor"/>. TryAdd, so a host that
    /// registered another executor first (the TorchSharp IncrementalTrainer, a test's) keeps its own.
    /// </summary>
    public static IHostApplicationBuilder AddCooccurrenceTrainer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CooccurrenceOptions>()
            .Bind(builder.Configuration.GetSection(CooccurrenceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<ITrainingExecutor, CooccurrenceTrainingExecutor>();
        return builder;
    }

    /// <summary>Callback delivery with retries.</summary>
    public static IHostApplicationBuilder AddJobCallbacks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CallbackOptions>()
            .Bind(builder.Configuration.GetSection(CallbackOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.MaxDelay >= o.InitialDelay, $"{CallbackOptions.SectionName}: MaxDelay must be at least InitialDelay.")
            .ValidateOnStart();

        // Per-attempt timeouts come from CallbackOptions, so the client's own timeout is off.
        builder.Services.AddHttpClient<CallbackSender>(CallbackSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.TryAddSingleton<CallbackDispatcher>();
        return builder;
    }

    /// <summary>The job service: submission, the queue and the single device worker (with restart recovery).</summary>
    public static IHostApplicationBuilder AddTrainerJobService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<TrainingJobService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CallbackDispatcher>());
        builder.Services.AddHostedService<TrainingJobWorker>();
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, TrainingJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, TrainerJsonContext.Default);
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<JobStoreHealthCheck>("job-store", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Bearer-token protection of the job API. Outside Development a token is required, so a misconfigured
    /// deployment fails at start rather than serving an open API.
    /// </summary>
    public static IHostApplicationBuilder AddTrainerAuth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var isDevelopment = builder.Environment.IsDevelopment();
        var environment = builder.Environment.EnvironmentName;
        builder.Services.AddOptions<TrainerAuthOptions>()
            .Bind(builder.Configuration.GetSection(TrainerAuthOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => isDevelopment || !string.IsNullOrEmpty(o.BearerToken),
                $"{TrainerAuthOptions.SectionName}:{nameof(TrainerAuthOptions.BearerToken)} is required in the '{environment}' environment (only Development may run without one).")
            .ValidateOnStart();
        builder.Services.AddSingleton<BearerTokenFilter>();
        return builder;
    }
}
