using System.Text.Json;
using System.Text.Json.Serialization;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;

namespace FuncRec.Core.Updates;

/// <summary>Source-generated JSON for workflow inputs, activity results and outcomes (enums as strings).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(UpdateRequest))]
[JsonSerializable(typeof(FreezeWindowInput))]
[JsonSerializable(typeof(FrozenWindow))]
[JsonSerializable(typeof(EvaluateCandidateInput))]
[JsonSerializable(typeof(CandidateVerdict))]
[JsonSerializable(typeof(PromoteCandidateInput))]
[JsonSerializable(typeof(PromotionResult))]
[JsonSerializable(typeof(AdvanceWatermarkInput))]
[JsonSerializable(typeof(ApplyRetentionInput))]
[JsonSerializable(typeof(UpdateOutcome))]
[JsonSerializable(typeof(List<UpdateOutcome>))]
[JsonSerializable(typeof(UpdateProgress))]
[JsonSerializable(typeof(TrainingJobSpec))]
[JsonSerializable(typeof(TrainingJobStatus))]
[JsonSerializable(typeof(DataWindow))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
public sealed partial class UpdateJsonContext : JsonSerializerContext;
