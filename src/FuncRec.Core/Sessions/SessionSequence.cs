using FuncRec.Core.Features;

namespace FuncRec.Core.Sessions;

/// <summary>One interaction of a session, oldest first within <see cref="SessionSequence.Events"/>.</summary>
/// <param name="ItemId">External item id.</param>
/// <param name="Type">Interaction type (view, click, ...).</param>
/// <param name="CategoryId">External category id when known; it fills the item's category row.</param>
/// <param name="Query">The search query for <see cref="InteractionType.SearchClick"/> events; trains the query tower.</param>
public readonly record struct SessionEvent(string ItemId, InteractionType Type, string? CategoryId = null, string? Query = null);

/// <summary>A session's interactions in time order: the unit of training data and of evaluation.</summary>
/// <param name="SessionId">Session (or user) id, unique within a source.</param>
/// <param name="Events">Interactions, oldest first.</param>
public sealed record SessionSequence(string SessionId, IReadOnlyList<SessionEvent> Events);
