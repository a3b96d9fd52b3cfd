namespace FuncRec.Serving.Handlers;

/// <summary>A problem description HTTP adapters return as <c>application/problem+json</c>.</summary>
/// <param name="Title">A short summary.</param>
/// <param name="Detail">What was wrong and how to fix it.</param>
public sealed record ServingProblem(string Title, string Detail);

/// <summary>
/// The outcome of a serving handler as an HTTP status code plus either a value (2xx) or a problem
/// (4xx/5xx), so the Functions triggers and the local host map it the same way.
/// </summary>
/// <typeparam name="T">The response type.</typeparam>
public sealed record ServingResult<T>
    where T : class
{
    private ServingResult(int statusCode, T? value, ServingProblem? problem)
    {
        StatusCode = statusCode;
        Value = value;
        Problem = problem;
    }

    /// <summary>The HTTP status code: 200, 400 or 503.</summary>
    public int StatusCode { get; }

    /// <summary>The response when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>The problem when not <see cref="IsSuccess"/>.</summary>
    public ServingProblem? Problem { get; }

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>200 with a value.</summary>
    public static ServingResult<T> Ok(T value) => new(200, value, null);

    /// <summary>400: the request is invalid; <paramref name="detail"/> says why.</summary>
    public static ServingResult<T> BadRequest(string detail) => new(400, null, new ServingProblem("Invalid request", detail));

    /// <summary>503: no model version is loaded yet.</summary>
    public static ServingResult<T> Unavailable(string detail) => new(503, null, new ServingProblem("Model not loaded", detail));
}
