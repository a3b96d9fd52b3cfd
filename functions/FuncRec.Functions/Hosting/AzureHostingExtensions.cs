using Azure.Identity;
using Azure.Storage.Blobs;
using FuncRec.Infrastructure.Blob;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FuncRec.Functions.Hosting;

/// <summary>The Azure-only pieces of the Functions host: managed identity and telemetry.</summary>
public static class AzureHostingExtensions
{
    private const string ApplicationInsightsLoggerProvider =
        "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// When <c>BlobStorage__ConnectionString</c> is empty and <c>BlobStorage__ServiceUri</c> is set (as in Azure),
    /// replaces the connection-string client with one that authenticates with the app's managed identity.
    /// Registered after <c>AddFuncRecBlobStorage</c>, so this registration is the one resolved.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecBlobIdentity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlobStorageOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.ConnectionString) && options.ServiceUri is not null
                ? new BlobServiceClient(options.ServiceUri, new DefaultAzureCredential())
                : BlobServiceCollectionExtensions.CreateClient(options);
        });
        return builder;
    }

    /// <summary>
    /// Application Insights for the worker (logs, exceptions, dependencies), authenticated with the app's identity
    /// when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> is <c>Authorization=AAD</c>; and OpenTelemetry tracing and
    /// metrics for FuncRec's own <c>FuncRec.*</c> activity sources and meters, printed to the console when
    /// <c>OpenTelemetry__ConsoleExporter</c> is true (local diagnosis).
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddApplicationInsightsTelemetryWorkerService();
        builder.Services.ConfigureFunctionsApplicationInsights();

        // The Application Insights provider adds a Warning-level default filter; host.json's log levels decide instead.
        builder.Services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == ApplicationInsightsLoggerProvider);
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });

        var console = builder.Configuration.GetValue<bool>("OpenTelemetry:ConsoleExporter");
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource("FuncRec.*");
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("FuncRec.*");
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        return builder;
    }
}
