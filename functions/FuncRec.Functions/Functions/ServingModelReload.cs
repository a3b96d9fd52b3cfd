using FuncRec.Functions.Hosting;
using FuncRec.Serving.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>
/// <c>POST models/reload</c> → <see cref="ModelHolder.ReloadAsync"/> with <c>force: true</c>, on this instance only
/// (the others follow their ETag poll or the CURRENT blob trigger). Master key.
/// </summary>
public sealed class ServingModelReload(ModelHolder holder)
{
    /// <summary>200 with what the reload did.</summary>
    [Function(nameof(ServingModelReload))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = HttpRoutes.ModelReload)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new JsonResult(await holder.ReloadAsync(force: true, cancellationToken).ConfigureAwait(false));
}
