using System.Text.Json;
using System.Text.Json.Serialization;
using FuncRec.Core.Training;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// What the trainer persists per job (<c>trainer-jobs/{id}.json</c> in the operations container): the spec as
/// accepted, for idempotency checks and restarts, the status callers see, and the trainer's own bookkeeping.
/// </summary>
/// <param name="Spec">The accepted spec.</param>
/// <param name="Status">The current status, as <c>GET /jobs/{id}</c> returns it.</param>
/// <param name="Attempt">Runs started so far plus the queued one (1 at first; each retry adds one). Guards
/// every state write, so a late write from an abandoned attempt cannot overwrite a newer one.</param>
/// <param name="SubmittedUtc">When the job id was first accepted.</param>
/// <param name="StartedUtc">When the current attempt started running; null while queued.</param>
public sealed record TrainingJobRecord(
    TrainingJobSpec Spec,
    TrainingJobStatus Status,
    int Attempt,
    DateTimeOffset SubmittedUtc,
    DateTimeOffset? StartedUtc = null)
{
    /// <summary>A new record: Queued, attempt 1.</summary>
    public static TrainingJobRecord New(TrainingJobSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TrainingJobRecord(spec, new TrainingJobStatus { JobId = spec.JobId, Model = spec.Model, State = TrainingJobState.Queued }, 1, now);
    }

    /// <summary>This record queued again for its next attempt (a retry).</summary>
    public TrainingJobRecord Requeued() => this with
    {
        Status = new TrainingJobStatus { JobId = Spec.JobId, Model = Spec.Model, State = TrainingJobState.Queued },
        Attempt = Attempt + 1,
        StartedUtc = null,
    };
}

/// <summary>Source-generated JSON for the trainer's own persisted types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TrainingJobRecord))]
public sealed partial class TrainerJsonContext : JsonSerializerContext;
