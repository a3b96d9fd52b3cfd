using FuncRec.Core.Training;
using FuncRec.Functions.Hosting;
using FuncRec.Workflow.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FuncRec.Functions.Functions;

/// <summary>
/// <c>POST ops/admin/models/{model}/training-callback</c> with the trainer's job status → <see cref="UpdateAdminHandlers.TrainingCallbackAsync"/>, which raises <c>TrainingCompleted</c> on <c>update-{model}</c> through <c>DurableTaskClient.RaiseEventAsync</c>: 202 delivered, 404 no update running. Function key; without one the workflow still finishes by polling the trainer.
/// </summary>
public sealed class TrainingCallback(UpdateAdminHandlers handlers)
{
    /// <summary>Answers the core's <see cref="AdminResult{T}"/> as JSON with its status code.</summary>
    [Function(nameof(TrainingCallback))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = HttpRoutes.TrainingCallback)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        CancellationToken cancellationToken)
    {
        using var bound = DurableWorkflowClient.Bind(client);
        var body = await request.ReadJsonAsync<TrainingJobStatus>(AdminJsonContext.Default.Options, cancellationToken).ConfigureAwait(false);
        var result = await handlers.TrainingCallbackAsync(model, body, cancellationToken).ConfigureAwait(false);
        return result.ToActionResult();
    }
}
