using System.ComponentModel.DataAnnotations;

namespace FuncRec.Trainer.Auth;

/// <summary>Bearer-token protection of the job API.</summary>
public sealed class TrainerAuthOptions
{
    /// <summary>Configuration section (<c>TrainerAuth__BearerToken</c>, normally from a Container Apps secret).</summary>
    public const string SectionName = "TrainerAuth";

    /// <summary>
    /// The token callers send as <c>Authorization: Bearer {token}</c>, at least 16 characters. Default: none.
    /// Required in every environment but Development; when set, it is enforced in Development too.
    /// </summary>
    [MinLength(16)]
    public string? BearerToken { get; set; }
}
