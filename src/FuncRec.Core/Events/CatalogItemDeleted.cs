namespace FuncRec.Core.Events;

/// <summary>An item was removed from the catalogue; serving stops recommending it.</summary>
public sealed record CatalogItemDeleted : CatalogEvent;
