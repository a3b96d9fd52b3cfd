using System.Text.Json.Serialization;
using FuncRec.Core.Features;

namespace FuncRec.Core.Events;

/// <summary>The user added an item to the cart.</summary>
public sealed record ItemAddedToCart : ItemInteraction
{
    /// <inheritdoc />
    [JsonIgnore]
    public override InteractionType Interaction => InteractionType.AddToCart;
}
