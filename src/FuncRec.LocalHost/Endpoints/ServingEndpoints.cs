using FuncRec.Serving.Handlers;
using FuncRec.Serving.Hosting;

namespace FuncRec.LocalHost.Endpoints;

/// <summary>
/// The serving routes of the Functions app on Kestrel: <c>GET recommend/{userId}</c>, <c>POST score</c>,
/// <c>GET search</c>, plus <c>GET models/status</c> and <c>POST models/reload</c>. Each route calls one
/// <see cref="ScoringHandlers"/> method and maps its <see cref="ServingResult{T}"/> to JSON or problem details.
/// </summary>
public static class ServingEndpoints
{
    /// <summary>Maps the routes; the host must have called <c>AddFuncRecServing</c>.</summary>
    public static IEndpointRouteBuilder MapFuncRecServing(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/recommend/{userId}", async (string userId, int? k, string? excludeCategories, ScoringHandlers handlers, CancellationToken ct) =>
            ToHttp(await handlers.RecommendAsync(new RecommendRequest(userId, k, Split(excludeCategories)), ct).ConfigureAwait(false)));
        app.MapPost("/api/score", async (ScoreRequest request, ScoringHandlers handlers, CancellationToken ct) =>
            ToHttp(await handlers.ScoreAsync(request, ct).ConfigureAwait(false)));
        app.MapGet("/api/search", async (string? q, string? userId, int? k, ScoringHandlers handlers, CancellationToken ct) =>
            ToHttp(await handlers.SearchAsync(new SearchRequest(q, userId, k), ct).ConfigureAwait(false)));
        app.MapGet("/api/models/status", (ModelHolder holder) => Results.Json(holder.Status));
        app.MapPost("/api/models/reload", async (ModelHolder holder, CancellationToken ct) =>
            Results.Json(await holder.ReloadAsync(force: true, ct).ConfigureAwait(false)));
        return app;
    }

    private static IResult ToHttp(ServingResult<ServingResponse> result) => result.IsSuccess
        ? Results.Json(result.Value)
        : Results.Problem(title: result.Problem!.Title, detail: result.Problem.Detail, statusCode: result.StatusCode);

    private static string[]? Split(string? csv) =>
        string.IsNullOrWhiteSpace(csv) ? null : csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
