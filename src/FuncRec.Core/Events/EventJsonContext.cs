using System.Text.Json.Serialization;

namespace FuncRec.Core.Events;

/// <summary>
/// Source-generated serialization of every event contract (camelCase, no nulls written, duplicate
/// properties rejected). Producers, the importer and the segment log all go through it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(BehaviorEvent))]
[JsonSerializable(typeof(CatalogEvent))]
[JsonSerializable(typeof(BehaviorSegmentEntry))]
[JsonSerializable(typeof(CatalogSegmentEntry))]
[JsonSerializable(typeof(DeadLetter))]
public sealed partial class EventJsonContext : JsonSerializerContext;
