using System.ComponentModel.DataAnnotations;

namespace FuncRec.Trainer.Callbacks;

/// <summary>How job outcomes are delivered to the spec's callback URL.</summary>
public sealed class CallbackOptions
{
    /// <summary>Configuration section (<c>TrainerCallback__MaxAttempts</c>).</summary>
    public const string SectionName = "TrainerCallback";

    /// <summary>Attempts per callback, the first included. Default: 6.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry; it doubles per retry up to <see cref="MaxDelay"/>. Default: 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between attempts. Default: 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Key sent as the <c>x-functions-key</c> header, which the Functions host accepts for Function-level routes such
    /// as <c>TrainingCallback</c>. A header rather than <c>?code=</c> in the callback URL, so the key never lands in job
    /// specs stored in blob storage. Infra creates it as the host key <c>trainer-callback</c>. Default: none.
    /// </summary>
    public string? FunctionKey { get; set; }

    /// <summary>Timeout of one attempt. Default: 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
