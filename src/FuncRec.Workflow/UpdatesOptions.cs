using System.ComponentModel.DataAnnotations;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;

namespace FuncRec.Workflow;

/// <summary>The update orchestration (<c>Updates</c> section; <c>Updates__Models__0</c> in app settings).</summary>
public sealed class UpdatesOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Updates";

    /// <summary>The models the policy tick evaluates and the admin handlers accept. Default: <c>session-rec</c>.</summary>
    [Required]
    [MinLength(1)]
    public List<string> Models { get; set; } = ["session-rec"];

    /// <summary>Trigger and pacing rules for every model. Default: the <see cref="UpdatePolicyOptions"/> defaults.</summary>
    [Required]
    public UpdatePolicyOptions Policy { get; set; } = new();

    /// <summary>Per-model rule sets replacing <see cref="Policy"/> (each starts from the built-in defaults). Default: none.</summary>
    public Dictionary<string, UpdatePolicyOptions> ModelPolicies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often the policy tick runs in the local host (the Functions app uses its timer schedule). Default: 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PolicyTickInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Give up on a training job after this long. Default: 2 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "2.00:00:00")]
    public TimeSpan TrainingTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Poll GET /jobs/{id} this often in case the callback is lost. Default: 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Resubmissions after a FailedRetryable job. Default: 2.</summary>
    [Range(0, 10)]
    public int MaxJobResubmissions { get; set; } = 2;

    /// <summary>Attempts per activity, including the first. Default: 4.</summary>
    [Range(1, 20)]
    public int ActivityMaxAttempts { get; set; } = 4;

    /// <summary>First activity retry delay (doubling, capped at 5 minutes). Default: 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ActivityFirstRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fraction of the newest window events held out for the gate. Default: 0.1.</summary>
    [Range(0.0, 0.5)]
    public double HoldoutFraction { get; set; } = 0.1;

    /// <summary>
    /// Whether the gate ranks with the session-first policy: each case's own input items above all other items, as the
    /// trainer's evaluations do with <c>Training:SessionItemsFirst</c>, so the gate's metrics and the manifest's agree.
    /// Default: true.
    /// </summary>
    public bool GateSessionItemsFirst { get; set; } = true;

    /// <summary>
    /// Whether the gate adds each version's co-occurrence term to its scores (for versions trained with one,
    /// <c>Training:CooccurrenceWeight</c> &gt; 0), as the trainer's evaluations do. Default: true.
    /// </summary>
    public bool GateCooccurrence { get; set; } = true;

    /// <summary>Versions kept after a promotion (CURRENT and its parent always survive); 0 disables. Default: 10.</summary>
    [Range(0, 1000)]
    public int RetainVersions { get; set; } = 10;

    /// <summary>
    /// Public base URL of the admin endpoints; the trainer's callback goes to
    /// <c>{base}/admin/models/{model}/training-callback</c>. Default: none (the workflow polls).
    /// </summary>
    public Uri? CallbackBaseUrl { get; set; }

    /// <summary>The rules for <paramref name="model"/>.</summary>
    public UpdatePolicyOptions PolicyFor(string model) => ModelPolicies.GetValueOrDefault(model) ?? Policy;

    /// <summary>The per-run settings the workflow input carries.</summary>
    public UpdateWorkflowSettings WorkflowSettings(string model) => new()
    {
        TrainingTimeout = TrainingTimeout,
        PollInterval = PollInterval,
        MaxJobResubmissions = MaxJobResubmissions,
        ActivityMaxAttempts = ActivityMaxAttempts,
        ActivityFirstRetry = ActivityFirstRetry,
        HoldoutFraction = HoldoutFraction,
        RetainVersions = RetainVersions,
        CallbackUrl = CallbackUrlFor(model),
    };

    /// <summary>
    /// <c>{base}/admin/models/{model}/training-callback</c>, keeping any query of the base (e.g. <c>?code=</c>, for
    /// receivers that take a key only in the URL), which <c>new Uri(base, relative)</c> would drop. Null without a base.
    /// </summary>
    public Uri? CallbackUrlFor(string model)
    {
        if (CallbackBaseUrl is null)
        {
            return null;
        }

        var builder = new UriBuilder(new Uri(CallbackBaseUrl, $"admin/models/{Uri.EscapeDataString(model)}/training-callback"))
        {
            Query = CallbackBaseUrl.Query.TrimStart('?'),
        };
        return builder.Uri;
    }
}
