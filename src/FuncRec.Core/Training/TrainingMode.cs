using System.Text.Json.Serialization;

namespace FuncRec.Core.Training;

/// <summary>How a training job treats its parent version.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingMode>))]
public enum TrainingMode
{
    /// <summary>Warm-start from the parent version and train on the new window only (plus replay).</summary>
    [JsonStringEnumMemberName("incremental")]
    Incremental,

    /// <summary>Train from scratch over the whole window or slice (a joint retrain).</summary>
    [JsonStringEnumMemberName("full")]
    Full,
}
