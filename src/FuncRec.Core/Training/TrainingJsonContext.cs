using System.Text.Json;
using System.Text.Json.Serialization;

namespace FuncRec.Core.Training;

/// <summary>Source-generated JSON for the trainer job contract (enums as strings, web casing).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TrainingJobSpec))]
[JsonSerializable(typeof(TrainingJobStatus))]
public sealed partial class TrainingJsonContext : JsonSerializerContext;
