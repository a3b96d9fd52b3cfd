using FuncRec.Functions.Hosting;
using FuncRec.Workflow.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FuncRec.Functions.Functions;

/// <summary>
/// <c>GET ops/admin/models/{model}/versions</c> → <see cref="UpdateAdminHandlers.ListVersionsAsync"/>. Master key.
/// </summary>
public sealed class ListVersions(UpdateAdminHandlers handlers)
{
    /// <summary>Answers the core's <see cref="AdminResult{T}"/> as JSON with its status code.</summary>
    [Function(nameof(ListVersions))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = HttpRoutes.Versions)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        CancellationToken cancellationToken)
    {
        using var bound = DurableWorkflowClient.Bind(client);
        var result = await handlers.ListVersionsAsync(model, cancellationToken).ConfigureAwait(false);
        return result.ToActionResult();
    }
}
