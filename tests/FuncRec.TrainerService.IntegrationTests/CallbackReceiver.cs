using System.Text.Json;
using FuncRec.Core.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FuncRec.TrainerService.IntegrationTests;

/// <summary>
/// A small Kestrel receiver that answers 503 to its first <c>failFirst</c> callbacks, then records them. With a
/// <c>requiredKey</c> it answers 401 to requests without that <c>x-functions-key</c>, as a Function-level route does.
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<TrainingJobStatus> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _attempts;
    private int _unauthorized;

    private CallbackReceiver(int failFirst, string? requiredKey)
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/callback", async (HttpRequest request) =>
        {
            if (requiredKey is not null && request.Headers["x-functions-key"] != requiredKey)
            {
                Interlocked.Increment(ref _unauthorized);
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            if (Interlocked.Increment(ref _attempts) <= failFirst)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var body = await JsonSerializer.DeserializeAsync(request.Body, TrainingJsonContext.Default.TrainingJobStatus);
            _received.TrySetResult(body!);
            return Results.Ok();
        });
    }

    public int Attempts => Volatile.Read(ref _attempts);

    public int Unauthorized => Volatile.Read(ref _unauthorized);

    public Uri Url => new(new Uri(_app.Urls.First()), "/callback");

    public Task<TrainingJobStatus> Received => _received.Task;

    public static async Task<CallbackReceiver> StartAsync(int failFirst, string? requiredKey = null)
    {
        var receiver = new CallbackReceiver(failFirst, requiredKey);
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
