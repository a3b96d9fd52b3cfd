using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace FuncRec.LocalHost.Hosting;

/// <summary>OpenTelemetry metrics of the local host: FuncRec's own meters plus ASP.NET Core's and Kestrel's.</summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// The meters every FuncRec host exports: <c>FuncRec.*</c> (ingestion, updates) and the HTTP server's
    /// request durations, by route, for the scoring endpoints.
    /// </summary>
    public static readonly string[] Meters = ["FuncRec.*", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Collects the metrics and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (environment or
    /// <c>--OTEL_EXPORTER_OTLP_ENDPOINT=…</c>), exports them over OTLP to any collector, Prometheus or the Aspire
    /// dashboard. The exporter reads the standard <c>OTEL_*</c> settings itself (protocol, headers,
    /// <c>OTEL_METRIC_EXPORT_INTERVAL</c>), so the same variables work here as in the Functions app's environment.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "funcrec-local"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }
}
