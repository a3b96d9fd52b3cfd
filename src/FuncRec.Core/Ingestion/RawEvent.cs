namespace FuncRec.Core.Ingestion;

/// <summary>The fields of one event object as read from JSON, before type-specific checks.</summary>
internal sealed class RawEvent
{
    public int? SchemaVersion;
    public string? Type;
    public string? EventId;
    public long? TimestampMs;
    public string? UserId;
    public string? SessionId;
    public string? ItemId;
    public string? OrderId;
    public string? Query;
    public List<string>? ShownItemIds;
    public string? ClickedItemId;
    public List<string>? TitleTokens;
    public List<string>? CategoryPath;
    public string? Brand;
    public double? Price;
    public bool? InStock;
}
