using System.ComponentModel.DataAnnotations;

namespace FuncRec.Workflow.Trainer;

/// <summary>Where the trainer's job service listens (<c>Updates:Trainer</c>).</summary>
public sealed class TrainerClientOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Updates:Trainer";

    /// <summary>Base URL of the trainer container app. Default: <c>http://localhost:5080/</c>.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("http://localhost:5080/");

    /// <summary>Timeout of one HTTP call (training itself is awaited by the workflow, not here). Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bearer token the trainer's job API requires outside Development (the same secret as the trainer's
    /// <c>TrainerAuth:BearerToken</c>). Default: none, which sends no Authorization header.
    /// </summary>
    public string? BearerToken { get; set; }
}
