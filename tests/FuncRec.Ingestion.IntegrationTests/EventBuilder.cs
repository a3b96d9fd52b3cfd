using System.Text.Json;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;

namespace FuncRec.Ingestion.IntegrationTests;

/// <summary>Builds events and the Kafka records that carry them.</summary>
public static class EventBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public static long T(double minutesBeforeNow) => Now.AddMinutes(-minutesBeforeNow).ToUnixTimeMilliseconds();

    private static int s_next;

    private static string NextId() => $"e-{Interlocked.Increment(ref s_next)}";

    public static ItemViewed View(string user, string item, long ts) =>
        new() { EventId = NextId(), UserId = user, SessionId = "s-" + user, ItemId = item, TimestampMs = ts };

    public static ItemPurchased Purchase(string user, string item, long ts) =>
        new() { EventId = NextId(), UserId = user, SessionId = "s-" + user, ItemId = item, TimestampMs = ts, OrderId = "o1" };

    public static SearchPerformed Search(string user, string query, string? clicked, long ts, params string[] shown) =>
        new() { EventId = NextId(), UserId = user, SessionId = "s-" + user, Query = query, ClickedItemId = clicked, ShownItemIds = shown, TimestampMs = ts };

    public static CatalogItemUpserted Upsert(string item, long ts, string category = "c1/c2", string brand = "acme", double price = 9.5, bool inStock = true) =>
        new() { EventId = NextId(), ItemId = item, TimestampMs = ts, CategoryPath = category.Split('/'), Brand = brand, Price = price, InStock = inStock, TitleTokens = ["red", "shoe"] };

    public static CatalogItemDeleted Delete(string item, long ts) => new() { EventId = NextId(), ItemId = item, TimestampMs = ts };

    public static byte[] Json(BehaviorEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.BehaviorEvent);

    public static byte[] Json(CatalogEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.CatalogEvent);

    public static List<IngestRecord> Records(string topic, int partition, long firstOffset, IEnumerable<byte[]> values) =>
        values.Select((v, i) => new IngestRecord(topic, partition, firstOffset + i, ReadOnlyMemory<byte>.Empty, v, Now.ToUnixTimeMilliseconds())).ToList();

    public static List<IngestRecord> Records(string topic, int partition, long firstOffset, params BehaviorEvent[] events) =>
        Records(topic, partition, firstOffset, events.Select(Json));

    public static List<IngestRecord> Records(string topic, int partition, long firstOffset, params CatalogEvent[] events) =>
        Records(topic, partition, firstOffset, events.Select(Json));
}
