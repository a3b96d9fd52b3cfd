namespace FuncRec.Core.Events;

/// <summary>The wire names of event types and the schema version.</summary>
public static class EventTypeNames
{
    /// <summary>The JSON property holding the type.</summary>
    public const string Discriminator = "type";

    /// <summary>The schema version this code writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary><see cref="ItemViewed"/>.</summary>
    public const string View = "view";

    /// <summary><see cref="ItemClicked"/>.</summary>
    public const string Click = "click";

    /// <summary><see cref="ItemAddedToCart"/>.</summary>
    public const string AddToCart = "add_to_cart";

    /// <summary><see cref="ItemPurchased"/>.</summary>
    public const string Purchase = "purchase";

    /// <summary><see cref="SearchPerformed"/>.</summary>
    public const string Search = "search";

    /// <summary><see cref="CatalogItemUpserted"/>.</summary>
    public const string Upsert = "upsert";

    /// <summary><see cref="CatalogItemDeleted"/>.</summary>
    public const string Delete = "delete";
}
