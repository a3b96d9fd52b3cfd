using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using FuncRec.Infrastructure.LocalServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FuncRec.LocalHost.IntegrationTests;

/// <summary>
/// A real OTLP/HTTP endpoint on a free loopback port that keeps every metrics export it receives, so a test can
/// check what a host's exporter sent over the wire. Protobuf stores metric names as plain UTF-8, so a name is
/// found in the raw bytes without a protobuf dependency.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base endpoint to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter adds <c>/v1/metrics</c>).</summary>
    public string Endpoint => _app.Urls.First();

    /// <summary>Starts the receiver.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}"));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue(body.ToArray());
            // An empty ExportMetricsServiceResponse: zero bytes of protobuf.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until some received export names every one of <paramref name="metrics"/>; returns the ones never seen.</summary>
    public async Task<IReadOnlyList<string>> WaitForMetricsAsync(IReadOnlyList<string> metrics, TimeSpan timeout)
    {
        var missing = metrics.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = _exports.Select(Encoding.UTF8.GetString).ToList();
            missing = metrics.Where(m => !seen.Any(s => s.Contains(m, StringComparison.Ordinal))).ToList();
            if (missing.Count == 0 || DateTime.UtcNow > deadline)
            {
                return missing;
            }

            await Task.Delay(200);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
