using System.Globalization;
using System.Text.Json;
using FuncRec.Serving.Handlers;
using FuncRec.Workflow.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace FuncRec.Functions.Hosting;

/// <summary>The HTTP functions' request reading and result mapping, shared so every adapter stays one call.</summary>
public static class HttpResults
{
    /// <summary>200 with the response as JSON, or the handler's problem as <c>application/problem+json</c>.</summary>
    public static IActionResult ToActionResult(this ServingResult<ServingResponse> result, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        return result.IsSuccess
            ? new JsonResult(result.Value)
            : Problem(request, result.StatusCode, result.Problem?.Title, result.Problem?.Detail);
    }

    /// <summary>The admin result itself (status code, value, message) with its status code, as the core's JSON.</summary>
    public static IActionResult ToActionResult<T>(this AdminResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonResult(result, AdminJsonContext.Default.Options) { StatusCode = result.StatusCode };
    }

    /// <summary>A problem response like the one <see cref="ProblemDetailsMiddleware"/> writes.</summary>
    public static IActionResult Problem(HttpRequest request, int status, string? title, string? detail)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ObjectResult(new ProblemDetails
        {
            Status = status,
            Title = title ?? ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
            Instance = request.Path,
        })
        {
            StatusCode = status,
            ContentTypes = { "application/problem+json" },
        };
    }

    /// <summary>
    /// The request body as <typeparamref name="T"/>, or null when the body is empty. Malformed JSON throws
    /// <see cref="JsonException"/>, which <see cref="ProblemDetailsMiddleware"/> answers with 400.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The core's JSON options (web defaults; the admin contracts' source-generated context).</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    public static async Task<T?> ReadJsonAsync<T>(this HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.Length == 0 ? default : JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
    }

    /// <summary>
    /// The integer query parameter <paramref name="name"/>, or null when absent. A value that is not an integer
    /// throws <see cref="FormatException"/>, which <see cref="ProblemDetailsMiddleware"/> answers with 400.
    /// </summary>
    public static int? QueryInt(this HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[name].ToString();
        return string.IsNullOrEmpty(value)
            ? null
            : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new FormatException($"query parameter '{name}' must be an integer, not '{value}'");
    }

    /// <summary>The string query parameter <paramref name="name"/>, or null when absent or empty.</summary>
    public static string? QueryText(this HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[name].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>A comma-separated query parameter as a list, or null when absent or blank (as the local host splits it).</summary>
    public static string[]? QueryList(this HttpRequest request, string name) =>
        request.QueryText(name) is { } csv && !string.IsNullOrWhiteSpace(csv)
            ? csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
}
