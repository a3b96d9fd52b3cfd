using System.Text.Json.Serialization;
namespace FuncRec.Core.Events;

/// <summary>A behaviour event about one item.</summary>
public abstract record ItemInteraction : BehaviorEvent
{
    /// <summary>The item.</summary>
    public required string ItemId { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string? SequenceItemId => ItemId;
}
