using System.Text.Json;
using FuncRec.Core.Training;
using FuncRec.Trainer.Auth;
using FuncRec.Trainer.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FuncRec.Trainer.Api;

/// <summary>The job API: <c>POST /jobs</c> and <c>GET /jobs/{id}</c>, behind the bearer-token filter.</summary>
public static class JobEndpoints
{
    /// <summary>Maps the job routes.</summary>
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup("/jobs").AddEndpointFilter<BearerTokenFilter>();
        jobs.MapPost("/", SubmitAsync);
        jobs.MapGet("/{id}", GetAsync);
        return endpoints;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, TrainingJobService jobs, CancellationToken cancellationToken)
    {
        // The body is read here rather than bound by the framework so a malformed spec gets a 400 that says
        // what is wrong (the framework's binding failure is an empty 400).
        TrainingJobSpec spec;
        try
        {
            spec = await TrainingJobSpecReader.ReadAsync(request.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"The job spec is not valid JSON for this contract: {ex.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid job spec");
        }

        var errors = TrainingJobSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), title: "Invalid job spec");
        }

        var result = await jobs.SubmitAsync(spec, cancellationToken).ConfigureAwait(false);
        var location = $"/jobs/{Uri.EscapeDataString(spec.JobId)}";
        request.HttpContext.Response.Headers.Location = location;
        return result.Outcome switch
        {
            SubmitOutcome.Accepted or SubmitOutcome.Retried => TypedResults.Json(result.Status, TrainingJsonContext.Default.TrainingJobStatus, statusCode: StatusCodes.Status202Accepted),
            SubmitOutcome.Existing => TypedResults.Json(result.Status, TrainingJsonContext.Default.TrainingJobStatus),
            _ => TypedResults.Problem(
                $"Job '{spec.JobId}' already exists with a different spec; use a new job id for a different request (see {location}).",
                statusCode: StatusCodes.Status409Conflict, title: "Job id in use"),
        };
    }

    private static async Task<IResult> GetAsync(string id, TrainingJobService jobs, CancellationToken cancellationToken)
    {
        var status = await jobs.GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
        return status is null
            ? TypedResults.Problem($"No job '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Json(status, TrainingJsonContext.Default.TrainingJobStatus);
    }
}
