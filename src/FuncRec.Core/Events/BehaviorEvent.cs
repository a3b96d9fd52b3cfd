using System.Text.Json.Serialization;
using FuncRec.Core.Features;

namespace FuncRec.Core.Events;

/// <summary>
/// Something a user did. The JSON form carries a <c>type</c> discriminator (<c>view</c>, <c>click</c>,
/// <c>add_to_cart</c>, <c>purchase</c>, <c>search</c>); docs/events.md shows examples.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = EventTypeNames.Discriminator)]
[JsonDerivedType(typeof(ItemViewed), EventTypeNames.View)]
[JsonDerivedType(typeof(ItemClicked), EventTypeNames.Click)]
[JsonDerivedType(typeof(ItemAddedToCart), EventTypeNames.AddToCart)]
[JsonDerivedType(typeof(ItemPurchased), EventTypeNames.Purchase)]
[JsonDerivedType(typeof(SearchPerformed), EventTypeNames.Search)]
public abstract record BehaviorEvent
{
    /// <summary>Contract version; this code reads version <see cref="EventTypeNames.CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; } = EventTypeNames.CurrentSchemaVersion;

    /// <summary>Producer-assigned idempotency key.</summary>
    public required string EventId { get; init; }

    /// <summary>The user (anonymous users use their session id).</summary>
    public required string UserId { get; init; }

    /// <summary>The browsing session.</summary>
    public required string SessionId { get; init; }

    /// <summary>When it happened, UTC epoch milliseconds (JSON <c>timestamp</c>: epoch ms or ISO-8601).</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(EpochMillisecondsJsonConverter))]
    public long TimestampMs { get; init; }

    /// <summary>The item this event adds to the user's sequence, if any.</summary>
    [JsonIgnore]
    public abstract string? SequenceItemId { get; }

    /// <summary>How the sequence item was interacted with (<see cref="InteractionType.None"/> when there is none).</summary>
    [JsonIgnore]
    public abstract InteractionType Interaction { get; }
}
