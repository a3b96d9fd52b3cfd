using FuncRec.Functions.Hosting;
using FuncRec.Serving.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary><c>GET recommend/{userId}?k=&amp;excludeCategories=a,b</c> → <see cref="ScoringHandlers.RecommendAsync"/>.</summary>
public sealed class Recommend(ScoringHandlers handlers)
{
    /// <summary>200 with the ranked items, or 400/503 problem details.</summary>
    [Function(nameof(Recommend))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = HttpRoutes.Recommend)] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
    {
        var result = await handlers.RecommendAsync(
            new RecommendRequest(userId, request.QueryInt("k"), request.QueryList("excludeCategories")), cancellationToken).ConfigureAwait(false);
        return result.ToActionResult(request);
    }
}
