using System.Text.Json.Serialization;
using FuncRec.Core.Features;

namespace FuncRec.Core.Events;

/// <summary>The user clicked an item outside search (recommendation, listing).</summary>
public sealed record ItemClicked : ItemInteraction
{
    /// <inheritdoc />
    [JsonIgnore]
    public override InteractionType Interaction => InteractionType.Click;
}
