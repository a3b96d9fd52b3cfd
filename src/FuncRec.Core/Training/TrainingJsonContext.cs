using System.Text.Json;
using System.Text.Json.Serialization;

namespace FuncRec.Core.Training;

/// <summary>Source-generated JSON (camelCase, web defaults) for the trainer-job contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TrainingJobSpec))]
[JsonSerializable(typeof(TrainingJobStatus))]
[JsonSerializable(typeof(TrainingJobCallback))]
public sealed partial class TrainingJsonContext : JsonSerializerContext;
