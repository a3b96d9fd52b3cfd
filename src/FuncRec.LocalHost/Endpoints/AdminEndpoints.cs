using FuncRec.Core.Training;
using FuncRec.Workflow.Admin;

namespace FuncRec.LocalHost.Endpoints;

/// <summary>
/// The admin routes of the Functions app on Kestrel (<see cref="AdminRoutes"/> under <c>/api/</c>): trigger an
/// update, status, rollback, versions, and the trainer's completion callback. Each calls one
/// <see cref="UpdateAdminHandlers"/> method and maps its <see cref="AdminResult{T}"/> to JSON or problem details.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Maps the routes; the host must have registered the update workflow.</summary>
    public static IEndpointRouteBuilder MapFuncRecAdmin(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/" + AdminRoutes.Update, async (string model, TriggerUpdateCommand? command, UpdateAdminHandlers admin, CancellationToken ct) =>
            ToHttp(await admin.TriggerUpdateAsync(model, command, ct).ConfigureAwait(false)));
        app.MapGet("/api/" + AdminRoutes.Status, async (string model, UpdateAdminHandlers admin, CancellationToken ct) =>
            ToHttp(await admin.GetStatusAsync(model, ct).ConfigureAwait(false)));
        app.MapPost("/api/" + AdminRoutes.Rollback, async (string model, RollbackCommand? command, UpdateAdminHandlers admin, CancellationToken ct) =>
            ToHttp(await admin.RollbackAsync(model, command, ct).ConfigureAwait(false)));
        app.MapGet("/api/" + AdminRoutes.Versions, async (string model, UpdateAdminHandlers admin, CancellationToken ct) =>
            ToHttp(await admin.ListVersionsAsync(model, ct).ConfigureAwait(false)));
        app.MapPost("/api/" + AdminRoutes.TrainingCallback, async (string model, TrainingJobStatus? status, UpdateAdminHandlers admin, CancellationToken ct) =>
            ToHttp(await admin.TrainingCallbackAsync(model, status, ct).ConfigureAwait(false)));
        return app;
    }

    private static IResult ToHttp<T>(AdminResult<T> result) => result.IsSuccess
        ? Results.Json(result.Value, statusCode: result.StatusCode)
        : Results.Problem(title: "Admin request failed", detail: result.Message, statusCode: result.StatusCode);
}
