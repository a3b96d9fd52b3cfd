using System.Globalization;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Infrastructure.LocalServices;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion;
using FuncRec.LocalHost.Endpoints;
using FuncRec.Serving;
using FuncRec.Trainer.Api;
using FuncRec.Trainer.Hosting;
using FuncRec.Workflow;
using FuncRec.Workflow.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FuncRec.LocalHost.Hosting;

/// <summary>
/// Builds the one-machine host: the same core handlers as the Functions app, with Kafka consumer loops for
/// the triggers, a periodic policy tick for the timer, the local replaying workflow runner for Durable
/// Functions, the trainer's job service in-process (its <c>/jobs</c> API on this same Kestrel server), and
/// the Functions app's HTTP routes.
/// </summary>
public static class LocalHostBuilder
{
    /// <summary>
    /// Builds the host over <paramref name="embedded"/> services. Without <c>--urls</c> it listens on a free
    /// loopback port; the workflow's trainer client and callback URL point back at this host.
    /// </summary>
    public static WebApplication Build(string[] args, EmbeddedServices embedded, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(embedded.Settings);
        var url = builder.Configuration["urls"] ?? string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");
        builder.WebHost.UseUrls(url);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{UpdatesOptions.SectionName}:Trainer:BaseUrl"] = builder.Configuration[$"{UpdatesOptions.SectionName}:Trainer:BaseUrl"] ?? url.TrimEnd('/') + "/",
            [$"{UpdatesOptions.SectionName}:{nameof(UpdatesOptions.CallbackBaseUrl)}"] =
                builder.Configuration[$"{UpdatesOptions.SectionName}:{nameof(UpdatesOptions.CallbackBaseUrl)}"] ?? url.TrimEnd('/') + "/api/",
        });
        // The in-process trainer's job API is reachable on this port like any other: protect it with a token
        // made for this run, which the workflow's trainer client presents.
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrainerAuth:BearerToken"] = builder.Configuration["TrainerAuth:BearerToken"] ?? token,
            [$"{UpdatesOptions.SectionName}:Trainer:BearerToken"] = builder.Configuration[$"{UpdatesOptions.SectionName}:Trainer:BearerToken"] ?? builder.Configuration["TrainerAuth:BearerToken"] ?? token,
            // Replays of historical data (the Diginetica weeks are from 2016) need old events accepted.
            ["Ingestion:MaxEventAge"] = builder.Configuration["Ingestion:MaxEventAge"] ?? "4000.00:00:00",
        });
        configure?.Invoke(builder);

        builder.AddFuncRecRedis();
        builder.AddFuncRecBlobStorage();
        builder.AddFuncRecKafka();
        builder.AddLocalIngestion();
        builder.AddFuncRecServing();
        builder.AddInProcessTrainer();
        builder.AddLocalUpdates();
        builder.AddFuncRecTelemetry();

        var app = builder.Build();
        app.MapFuncRecServing();
        app.MapFuncRecAdmin();
        app.MapJobEndpoints();
        app.MapGet("/alive", () => Results.Ok("alive"));
        return app;
    }

    /// <summary>Ingestors plus the consumer loops that feed them.</summary>
    public static IHostApplicationBuilder AddLocalIngestion(this IHostApplicationBuilder builder)
    {
        builder.AddFuncRecIngestion();
        builder.Services.AddOptions<LocalHostOptions>()
            .Bind(builder.Configuration.GetSection(LocalHostOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<KafkaIngestService>();
        return builder;
    }

    /// <summary>The trainer's job service and executor, hosted in this process.</summary>
    public static IHostApplicationBuilder AddInProcessTrainer(this IHostApplicationBuilder builder)
    {
        builder.AddTrainerCore();
        builder.AddTrainingData();
        builder.AddTrainingExecutor();
        builder.AddJobCallbacks();
        builder.AddTrainerJobService();
        builder.AddTrainerAuth();
        return builder;
    }

    /// <summary>The update workflow on the local runner (its worker also runs the policy tick), with watermarks read from the segments.</summary>
    public static IHostApplicationBuilder AddLocalUpdates(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<IWatermarkSource, SegmentWatermarkSource>();
        builder.AddFuncRecLocalUpdateRunner();
        return builder;
    }
}
