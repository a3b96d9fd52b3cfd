using System.Text.Json.Serialization;
using FuncRec.Core.Features;

namespace FuncRec.Core.Events;

/// <summary>The user viewed an item (product page shown).</summary>
public sealed record ItemViewed : ItemInteraction
{
    /// <inheritdoc />
    [JsonIgnore]
    public override InteractionType Interaction => InteractionType.View;
}
