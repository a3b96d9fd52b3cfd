using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using System.Net;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Updates.Gate;
using FuncRec.Core.Updates.Policies;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion.Blob;
using FuncRec.Serving.Loading;
using FuncRec.Workflow.Activities;
using FuncRec.Workflow.Admin;
using FuncRec.Workflow.Evaluation;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.Runner;
using FuncRec.Workflow.Scheduling;
using FuncRec.Workflow.State;
using FuncRec.Workflow.Telemetry;
using FuncRec.Workflow.Trainer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Workflow;

/// <summary>Registers the update orchestration.</summary>
public static class UpdatesServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Updates</c>, <c>Updates:Gate</c> and <c>Updates:Trainer</c> (validated on start) and registers the
    /// state store, watermark source (Redis, unless one is registered), blob registry, trainer HTTP client, gate,
    /// activities, coordinator and admin handlers. Needs <c>AddFuncRecRedis</c> and <c>AddFuncRecBlobStorage</c>.
    /// The gate evaluates with <see cref="ServingCandidateEvaluator"/> (the serving model, pure C#) unless a host registered
    /// another <see cref="ICandidateEvaluator"/> first. Hosts register an <see cref="IWorkflowClient"/> (the Durable adapter,
    /// or <see cref="AddFuncRecLocalUpdateRunner"/>).
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecUpdates(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<UpdatesOptions>().Bind(builder.Configuration.GetSection(UpdatesOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Models.All(CheckpointLayout.IsValidName), $"{UpdatesOptions.SectionName}:Models: use 1-64 letters, digits, '-', '_' or '.' per model name.")
            .Validate(o => IsValid(o.Policy) && o.ModelPolicies.Values.All(IsValid), $"{UpdatesOptions.SectionName}:Policy or ModelPolicies: a value is out of range.")
            .ValidateOnStart();
        services.AddOptions<PromotionGateOptions>().Bind(builder.Configuration.GetSection(PromotionGateOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TrainerClientOptions>().Bind(builder.Configuration.GetSection(TrainerClientOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UpdateStateStore>();
        services.TryAddSingleton(sp => new UpdateMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IWatermarkSource, RedisWatermarkSource>();
        services.TryAddSingleton<IModelRegistry, BlobModelRegistry>();
        services.TryAddSingleton<BlobSegmentReader>();
        services.TryAddSingleton<SegmentWindowSource>();
        services.TryAddSingleton<ModelLoader>();
        services.TryAddSingleton<ICandidateEvaluator, ServingCandidateEvaluator>();
        services.TryAddSingleton<ITrainerClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TrainerClientOptions>>().Value;

            // One long-lived client with pooled-connection recycling: what IHttpClientFactory would give, without the package.
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AutomaticDecompression = DecompressionMethods.All })
            {
                BaseAddress = o.BaseUrl,
                Timeout = o.RequestTimeout,
            };
            if (!string.IsNullOrEmpty(o.BearerToken))
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", o.BearerToken);
            }

            return new HttpTrainerClient(http);
        });
        services.TryAddSingleton<CandidateGate>();
        services.TryAddSingleton<UpdateActivityHandlers>();
        services.TryAddSingleton<UpdateCoordinator>();
        services.TryAddSingleton<UpdateAdminHandlers>();
        return builder;
    }

    // DataAnnotations validation does not recurse into nested option objects; the policy sets are checked here.
    private static bool IsValid(UpdatePolicyOptions policy) =>
        Validator.TryValidateObject(policy, new ValidationContext(policy), null, validateAllProperties: true);

    /// <summary>
    /// The local host's workflow engine: <see cref="LocalWorkflowRunner"/> over Redis as the <see cref="IWorkflowClient"/>,
    /// plus <see cref="LocalWorkflowWorker"/> driving instances and the policy tick. Binds <c>Updates:Runner</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecLocalUpdateRunner(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFuncRecUpdates();
        var services = builder.Services;
        services.AddOptions<LocalWorkflowRunnerOptions>().Bind(builder.Configuration.GetSection(LocalWorkflowRunnerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => UpdateWorkflowCatalog.Create(sp.GetRequiredService<UpdateActivityHandlers>()));
        services.TryAddSingleton(sp => new LocalWorkflowRunner(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix,
            sp.GetRequiredService<WorkflowCatalog>(),
            sp.GetRequiredService<IOptions<LocalWorkflowRunnerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<IWorkflowClient>(sp => sp.GetRequiredService<LocalWorkflowRunner>());
        services.AddHostedService<LocalWorkflowWorker>();
        return builder;
    }
}
