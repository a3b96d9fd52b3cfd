using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Auth;

/// <summary>
/// Requires <c>Authorization: Bearer {token}</c> on the endpoints it guards, answering 401 with a problem body
/// that says what is wrong. Tokens are compared as SHA-256 digests in constant time, so neither the content
/// nor the length of the expected token leaks through timing.
/// </summary>
public sealed class BearerTokenFilter(IOptions<TrainerAuthOptions> options) : IEndpointFilter
{
    private readonly byte[]? _expectedDigest = string.IsNullOrEmpty(options.Value.BearerToken)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.BearerToken));

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        // No token configured is only possible in Development (options validation enforces it elsewhere).
        if (_expectedDigest is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Unauthorized(context.HttpContext, "Missing bearer token: send 'Authorization: Bearer <token>' (the TrainerAuth:BearerToken secret).");
        }

        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(context.HttpContext, "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'.");
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        if (!CryptographicOperations.FixedTimeEquals(presented, _expectedDigest))
        {
            return Unauthorized(context.HttpContext, "The bearer token is not valid for this trainer.");
        }

        return await next(context).ConfigureAwait(false);
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }
}
