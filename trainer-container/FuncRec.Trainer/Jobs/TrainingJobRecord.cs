using System.Text.Json;
using System.Text.Json.Serialization;
using FuncRec.Core.Training;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// What the trainer persists per job (<c>trainer-jobs/{id}.json</c> in the operations container): the spec as
/// accepted, for idempotency checks and restarts, and the current status.
/// </summary>
/// <param name="Spec">The accepted spec.</param>
/// <param name="Status">The current status.</param>
public sealed record TrainingJobRecord(TrainingJobSpec Spec, TrainingJobStatus Status);

/// <summary>Source-generated JSON for the trainer's own persisted types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(TrainingJobRecord))]
public sealed partial class TrainerJsonContext : JsonSerializerContext;
