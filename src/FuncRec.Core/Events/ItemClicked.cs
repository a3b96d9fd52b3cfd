using FuncRec.Core.Features;

namespace FuncRec.Core.Events;

/// <summary>The user clicked an item outside search (recommendation, listing).</summary>
public sealed record ItemClicked : ItemInteraction
{
    /// <inheritdoc />
    public override InteractionType Interaction => InteractionType.Click;
}
