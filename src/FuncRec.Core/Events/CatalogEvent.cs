using System.Text.Json.Serialization;

namespace FuncRec.Core.Events;

/// <summary>A change to the catalogue. JSON <c>type</c>: <c>upsert</c> or <c>delete</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = EventTypeNames.Discriminator)]
[JsonDerivedType(typeof(CatalogItemUpserted), EventTypeNames.Upsert)]
[JsonDerivedType(typeof(CatalogItemDeleted), EventTypeNames.Delete)]
public abstract record CatalogEvent
{
    /// <summary>Contract version; this code reads version <see cref="EventTypeNames.CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; } = EventTypeNames.CurrentSchemaVersion;

    /// <summary>Producer-assigned idempotency key.</summary>
    public required string EventId { get; init; }

    /// <summary>The item.</summary>
    public required string ItemId { get; init; }

    /// <summary>When the change was made at the source, UTC epoch milliseconds; newer wins.</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public long TimestampMs { get; init; }
}
