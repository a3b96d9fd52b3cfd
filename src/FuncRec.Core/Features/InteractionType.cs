namespace FuncRec.Core.Features;

/// <summary>
/// Kinds of user interaction as stored in sequences and fed to the model's event-type embedding.
/// The numeric values are part of the checkpoint contract (rows of <c>type_emb</c>) and of the
/// Redis sequence encoding: never renumber them. 0 is padding.
/// </summary>
public enum InteractionType : byte
{
    /// <summary>Padding; never stored.</summary>
    None = 0,

    /// <summary>The user viewed an item.</summary>
    View = 1,

    /// <summary>The user clicked an item (outside search).</summary>
    Click = 2,

    /// <summary>The user added an item to the cart.</summary>
    AddToCart = 3,

    /// <summary>The user bought an item.</summary>
    Purchase = 4,

    /// <summary>The user clicked an item in search results.</summary>
    SearchClick = 5,
}

/// <summary>Helpers for <see cref="InteractionType"/>.</summary>
public static class InteractionTypes
{
    /// <summary>Rows of the model's event-type embedding (padding included).</summary>
    public const int EmbeddingRows = 6;
}
