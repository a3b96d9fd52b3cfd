using FuncRec.Functions.Hosting;
using FuncRec.Workflow.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FuncRec.Functions.Functions;

/// <summary>
/// <c>GET ops/admin/models/{model}/status</c> → <see cref="UpdateAdminHandlers.GetStatusAsync"/>: pending counters, watermarks, the <c>update-{model}</c> instance, pacing and what the policy would decide now. Master key.
/// </summary>
public sealed class UpdateStatus(UpdateAdminHandlers handlers)
{
    /// <summary>Answers the core's <see cref="AdminResult{T}"/> as JSON with its status code.</summary>
    [Function(nameof(UpdateStatus))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = HttpRoutes.Status)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        CancellationToken cancellationToken)
    {
        using var bound = DurableWorkflowClient.Bind(client);
        var result = await handlers.GetStatusAsync(model, cancellationToken).ConfigureAwait(false);
        return result.ToActionResult();
    }
}
