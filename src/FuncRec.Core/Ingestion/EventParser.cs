using FuncRec.Core.Events;
using FuncRec.Core.Text;

namespace FuncRec.Core.Ingestion;

/// <summary>
/// Parses and validates raw record values into events: size, JSON shape, required fields, types, id
/// charset and length, known types, schema version and timestamp sanity. It never throws on bad input.
/// </summary>
public sealed class EventParser
{
    /// <summary>Timestamps before 2000-01-01 are refused whatever the configured age.</summary>
    public const long MinimumTimestampMs = 946_684_800_000;

    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a parser.</summary>
    public EventParser(IngestionOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Parses a behaviour event.</summary>
    public ParseOutcome<BehaviorEvent> ParseBehavior(ReadOnlySpan<byte> value)
    {
        var raw = new RawEvent();
        if (Common(value, raw) is { } failure)
        {
            return new(null, failure);
        }

        if (raw.UserId is null)
        {
            return Missing<BehaviorEvent>("userId");
        }

        if (raw.SessionId is null)
        {
            return Missing<BehaviorEvent>("sessionId");
        }

        return raw.Type switch
        {
            EventTypeNames.View or EventTypeNames.Click or EventTypeNames.AddToCart or EventTypeNames.Purchase => ItemEvent(raw),
            EventTypeNames.Search => Search(raw),
            _ => ParseOutcome<BehaviorEvent>.Reject(DeadLetterReasons.UnknownType, Truncate(raw.Type)),
        };
    }

    /// <summary>Parses a catalog event.</summary>
    public ParseOutcome<CatalogEvent> ParseCatalog(ReadOnlySpan<byte> value)
    {
        var raw = new RawEvent();
        if (Common(value, raw) is { } failure)
        {
            return new(null, failure);
        }

        if (raw.ItemId is null)
        {
            return Missing<CatalogEvent>("itemId");
        }

        switch (raw.Type)
        {
            case EventTypeNames.Delete:
                return new(new CatalogItemDeleted { EventId = raw.EventId!, ItemId = raw.ItemId, TimestampMs = raw.TimestampMs!.Value }, default);
            case EventTypeNames.Upsert:
                if (raw.Price is { } price && (!double.IsFinite(price) || price < 0))
                {
                    return ParseOutcome<CatalogEvent>.Reject(DeadLetterReasons.InvalidValue, "price");
                }

                // Tokens are stored space-separated, so each is re-tokenized to letters and digits.
                var tokens = (raw.TitleTokens ?? []).SelectMany(QueryTokenizer.Tokenize).ToArray();
                return new(new CatalogItemUpserted
                {
                    EventId = raw.EventId!,
                    ItemId = raw.ItemId,
                    TimestampMs = raw.TimestampMs!.Value,
                    TitleTokens = tokens,
                    CategoryPath = raw.CategoryPath ?? [],
                    Brand = raw.Brand,
                    Price = raw.Price,
                    InStock = raw.InStock ?? true,
                }, default);
            default:
                return ParseOutcome<CatalogEvent>.Reject(DeadLetterReasons.UnknownType, Truncate(raw.Type));
        }
    }

    private ParseFailure? Common(ReadOnlySpan<byte> value, RawEvent raw)
    {
        if (value.IsEmpty)
        {
            return new(DeadLetterReasons.EmptyPayload, "value is empty");
        }

        if (value.Length > _options.MaxPayloadBytes)
        {
            return new(DeadLetterReasons.PayloadTooLarge, $"{value.Length} > {_options.MaxPayloadBytes} bytes");
        }

        if (RawEventReader.Read(value, _options, raw) is { } failure)
        {
            return failure;
        }

        if (raw.SchemaVersion is null)
        {
            return new(DeadLetterReasons.MissingField, "schemaVersion");
        }

        if (raw.SchemaVersion != EventTypeNames.CurrentSchemaVersion)
        {
            return new(DeadLetterReasons.UnsupportedSchemaVersion, raw.SchemaVersion.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (raw.EventId is null)
        {
            return new(DeadLetterReasons.MissingField, "eventId");
        }

        if (raw.Type is null)
        {
            return new(DeadLetterReasons.MissingField, "type");
        }

        if (raw.TimestampMs is not { } ts)
        {
            return new(DeadLetterReasons.MissingField, "timestamp");
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (ts > now + (long)_options.MaxFutureSkew.TotalMilliseconds)
        {
            return new(DeadLetterReasons.TimestampInFuture, "timestamp");
        }

        if (ts < MinimumTimestampMs || ts < now - (long)_options.MaxEventAge.TotalMilliseconds)
        {
            return new(DeadLetterReasons.TimestampTooOld, "timestamp");
        }

        return null;
    }

    private static ParseOutcome<BehaviorEvent> ItemEvent(RawEvent raw)
    {
        if (raw.ItemId is not { } item)
        {
            return Missing<BehaviorEvent>("itemId");
        }

        BehaviorEvent e = raw.Type switch
        {
            EventTypeNames.View => new ItemViewed { EventId = raw.EventId!, UserId = raw.UserId!, SessionId = raw.SessionId!, ItemId = item, TimestampMs = raw.TimestampMs!.Value },
            EventTypeNames.Click => new ItemClicked { EventId = raw.EventId!, UserId = raw.UserId!, SessionId = raw.SessionId!, ItemId = item, TimestampMs = raw.TimestampMs!.Value },
            EventTypeNames.AddToCart => new ItemAddedToCart { EventId = raw.EventId!, UserId = raw.UserId!, SessionId = raw.SessionId!, ItemId = item, TimestampMs = raw.TimestampMs!.Value },
            _ => new ItemPurchased { EventId = raw.EventId!, UserId = raw.UserId!, SessionId = raw.SessionId!, ItemId = item, TimestampMs = raw.TimestampMs!.Value, OrderId = raw.OrderId },
        };
        return new(e, default);
    }

    private static ParseOutcome<BehaviorEvent> Search(RawEvent raw)
    {
        if (raw.Query is null)
        {
            return Missing<BehaviorEvent>("query");
        }

        if (QueryTokenizer.Tokenize(raw.Query).Count == 0)
        {
            return ParseOutcome<BehaviorEvent>.Reject(DeadLetterReasons.InvalidValue, "query has no tokens");
        }

        return new(new SearchPerformed
        {
            EventId = raw.EventId!,
            UserId = raw.UserId!,
            SessionId = raw.SessionId!,
            TimestampMs = raw.TimestampMs!.Value,
            Query = raw.Query,
            ShownItemIds = raw.ShownItemIds ?? [],
            ClickedItemId = raw.ClickedItemId,
        }, default);
    }

    private static ParseOutcome<T> Missing<T>(string field) where T : class => ParseOutcome<T>.Reject(DeadLetterReasons.MissingField, field);

    private static string Truncate(string? s) => s is null ? string.Empty : s.Length > 64 ? s[..64] : s;
}
