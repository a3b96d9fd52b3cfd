using FuncRec.Functions.Hosting;
using FuncRec.Workflow.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FuncRec.Functions.Functions;

/// <summary>
/// <c>POST ops/admin/models/{model}/update</c> with <c>{"requestedBy", "reason", "full"?, "force"?, "hyperparameters"?}</c> → <see cref="UpdateAdminHandlers.TriggerUpdateAsync"/>: 202 started or coalesced, 429 deferred, 400/404 bad input. Master key.
/// </summary>
public sealed class TriggerUpdate(UpdateAdminHandlers handlers)
{
    /// <summary>Answers the core's <see cref="AdminResult{T}"/> as JSON with its status code.</summary>
    [Function(nameof(TriggerUpdate))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = HttpRoutes.Update)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        CancellationToken cancellationToken)
    {
        using var bound = DurableWorkflowClient.Bind(client);
        var body = await request.ReadJsonAsync<TriggerUpdateCommand>(AdminJsonContext.Default.Options, cancellationToken).ConfigureAwait(false);
        var result = await handlers.TriggerUpdateAsync(model, body, cancellationToken).ConfigureAwait(false);
        return result.ToActionResult();
    }
}
