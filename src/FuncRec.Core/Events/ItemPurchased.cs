using System.Text.Json.Serialization;
using FuncRec.Core.Features;

namespace FuncRec.Core.Events;

/// <summary>The user bought an item.</summary>
public sealed record ItemPurchased : ItemInteraction
{
    /// <summary>Order the purchase belongs to, when known.</summary>
    public string? OrderId { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override InteractionType Interaction => InteractionType.Purchase;
}
