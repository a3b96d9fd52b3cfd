namespace FuncRec.Core.Events;

/// <summary>An item was created or changed; the event carries its full current metadata.</summary>
public sealed record CatalogItemUpserted : CatalogEvent
{
    /// <summary>Title tokens (lower-case words).</summary>
    public IReadOnlyList<string> TitleTokens { get; init; } = [];

    /// <summary>Category ids from the root to the leaf (may be empty).</summary>
    public IReadOnlyList<string> CategoryPath { get; init; } = [];

    /// <summary>Brand name, if known.</summary>
    public string? Brand { get; init; }

    /// <summary>Price in the shop currency, if known.</summary>
    public double? Price { get; init; }

    /// <summary>Whether the item can be bought now.</summary>
    public bool InStock { get; init; } = true;
}
