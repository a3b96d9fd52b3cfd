using FuncRec.Functions.Hosting;
using FuncRec.Serving.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary><c>GET models/status</c> → <see cref="ModelHolder.Status"/>: the serving version and the last load failure.</summary>
public sealed class ServingModelStatus(ModelHolder holder)
{
    /// <summary>200 with the status as JSON.</summary>
    [Function(nameof(ServingModelStatus))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = HttpRoutes.ModelStatus)] HttpRequest request) =>
        new JsonResult(holder.Status);
}
