using FuncRec.Functions.Hosting;
using FuncRec.Serving.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary><c>GET search?q=&amp;userId=&amp;k=</c> → <see cref="ScoringHandlers.SearchAsync"/>.</summary>
public sealed class Search(ScoringHandlers handlers)
{
    /// <summary>200 with the matching items, or 400/503 problem details.</summary>
    [Function(nameof(Search))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = HttpRoutes.Search)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var result = await handlers.SearchAsync(
            new SearchRequest(request.QueryText("q"), request.QueryText("userId"), request.QueryInt("k")), cancellationToken).ConfigureAwait(false);
        return result.ToActionResult(request);
    }
}
