using FuncRec.Functions.Hosting;
using FuncRec.Workflow.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FuncRec.Functions.Functions;

/// <summary>
/// <c>POST ops/admin/models/{model}/rollback</c> with <c>{"toVersion"?, "requestedBy", "reason"}</c> → <see cref="UpdateAdminHandlers.RollbackAsync"/>: 200, 404 no such version, 409 CURRENT moved meanwhile. Master key.
/// </summary>
public sealed class Rollback(UpdateAdminHandlers handlers)
{
    /// <summary>Answers the core's <see cref="AdminResult{T}"/> as JSON with its status code.</summary>
    [Function(nameof(Rollback))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = HttpRoutes.Rollback)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        CancellationToken cancellationToken)
    {
        using var bound = DurableWorkflowClient.Bind(client);
        var body = await request.ReadJsonAsync<RollbackCommand>(AdminJsonContext.Default.Options, cancellationToken).ConfigureAwait(false);
        var result = await handlers.RollbackAsync(model, body, cancellationToken).ConfigureAwait(false);
        return result.ToActionResult();
    }
}
