using System.Text.Json.Serialization;
using FuncRec.Core.Features;

namespace FuncRec.Core.Events;

/// <summary>The user ran a search, saw results and possibly clicked one of them.</summary>
public sealed record SearchPerformed : BehaviorEvent
{
    /// <summary>The query text as typed.</summary>
    public required string Query { get; init; }

    /// <summary>Item ids shown on the result page, in rank order (may be empty).</summary>
    public IReadOnlyList<string> ShownItemIds { get; init; } = [];

    /// <summary>The result the user clicked, if any.</summary>
    public string? ClickedItemId { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string? SequenceItemId => ClickedItemId;

    /// <inheritdoc />
    [JsonIgnore]
    public override InteractionType Interaction => ClickedItemId is null ? InteractionType.None : InteractionType.SearchClick;
}
