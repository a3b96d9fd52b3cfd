using System.Text.Json;
using FuncRec.Functions.Hosting;
using FuncRec.Serving.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary><c>POST score</c> with <c>{"userId": "...", "itemIds": [...]}</c> → <see cref="ScoringHandlers.ScoreAsync"/>.</summary>
public sealed class Score(ScoringHandlers handlers)
{
    /// <summary>200 with the items re-ranked, or 400/503 problem details (an empty body is the handler's 400).</summary>
    [Function(nameof(Score))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = HttpRoutes.Score)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<ScoreRequest>(JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false);
        var result = await handlers.ScoreAsync(body ?? new ScoreRequest(null, null), cancellationToken).ConfigureAwait(false);
        return result.ToActionResult(request);
    }
}
