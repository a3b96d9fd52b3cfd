using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace FuncRec.Functions.Hosting;

/// <summary>
/// Turns the exceptions that mean "the caller asked for something wrong" into RFC 9457 problem responses
/// for HTTP-triggered functions. Everything else is rethrown: an HTTP function answers 500 through the host,
/// and a Kafka, timer, blob or Durable function fails so that its trigger retries (at-least-once delivery).
/// </summary>
/// <remarks>
/// Registered after <c>ConfigureFunctionsWebApplication</c>, so it runs inside the ASP.NET Core proxying
/// middleware, which executes whatever <see cref="IActionResult"/> the invocation result holds.
/// </remarks>
public sealed partial class ProblemDetailsMiddleware(ILogger<ProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (context.GetHttpContext() is { } httpContext && Map(exception) is { } status)
        {
            LogMapped(logger, context.FunctionDefinition.Name, status, exception.GetType().Name, exception);
            var problem = new ProblemDetails
            {
                Status = status,
                Title = ReasonPhrases.GetReasonPhrase(status),
                Detail = exception.Message,
                Instance = httpContext.Request.Path,
            };
            problem.Extensions["invocationId"] = context.InvocationId;
            context.GetInvocationResult().Value = new ObjectResult(problem)
            {
                StatusCode = status,
                ContentTypes = { "application/problem+json" },
            };
        }
    }

    /// <summary>The status code for an exception the caller caused, or null for everything else.</summary>
    /// <remarks>Core exceptions that mean 404/409 (unknown model, version conflict) are added here as they land.</remarks>
    public static int? Map(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        JsonException or FormatException or ValidationException => StatusCodes.Status400BadRequest,
        ArgumentException and not ArgumentNullException => StatusCodes.Status400BadRequest,
        KeyNotFoundException => StatusCodes.Status404NotFound,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} answered {Status} for {Exception}")]
    private static partial void LogMapped(ILogger logger, string function, int status, string exception, Exception error);
}
