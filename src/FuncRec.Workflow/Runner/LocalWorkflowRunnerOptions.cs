using System.ComponentModel.DataAnnotations;

namespace FuncRec.Workflow.Runner;

/// <summary>The local replaying workflow runner (<c>Updates:Runner</c>).</summary>
public sealed class LocalWorkflowRunnerOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Updates:Runner";

    /// <summary>
    /// How long a runner owns an instance without renewing; after a crash another runner resumes it after this.
    /// A dedicated thread renews it every quarter of this (15 s by default), so three renewals in a row can fail or
    /// be late before it expires. Default: 60 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running instance checks its inbox for external events. Default: 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan InboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the background worker looks for pending or orphaned instances. Default: 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
