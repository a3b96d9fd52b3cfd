using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Azure.Storage.Blobs;
using FuncRec.Infrastructure.Blob;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FuncRec.Functions.Hosting;

/// <summary>The Azure-only pieces of the Functions host: managed identity and Azure Monitor.</summary>
public static class AzureHostingExtensions
{
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
    /// OpenTelemetry for the worker (host.json sets <c>telemetryMode</c> to OpenTelemetry for the host), exported to
    /// Application Insights with Entra ID authentication when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set;
    /// locally, without it, logs go to the Core Tools console as usual.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otel = builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource("FuncRec.*"))
            .WithMetrics(metrics => metrics.AddMeter("FuncRec.*"));
        if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            otel.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential());
        }

        return builder;
    }
}
