using System.Text.Json;
using FuncRec.Core.Events;

namespace FuncRec.Core.Ingestion;

/// <summary>
/// A strict single-pass reader of one event object. It is hand-written over <see cref="Utf8JsonReader"/>
/// (rather than deserializing) so that every way of being wrong maps to one precise dead-letter reason
/// and a bad value never costs an exception on the hot path except for malformed JSON.
/// </summary>
internal static class RawEventReader
{
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow };

    public static ParseFailure? Read(ReadOnlySpan<byte> utf8, IngestionOptions limits, RawEvent e)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, s_options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new(DeadLetterReasons.MalformedJson, "value is not a JSON object");
            }

            var seen = 0u;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Field(ref reader);
                reader.Read();
                if (field < 0)
                {
                    reader.Skip();
                    continue;
                }

                if ((seen & (1u << field)) != 0)
                {
                    return new(DeadLetterReasons.DuplicateProperty, s_names[field]);
                }

                seen |= 1u << field;
                if (ReadValue(ref reader, field, limits, e) is { } failure)
                {
                    return failure;
                }
            }

            // The object must be the whole document: reading past it surfaces trailing garbage.
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            return new(DeadLetterReasons.MalformedJson, ex.Message.Length > 200 ? ex.Message[..200] : ex.Message);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader validates structure, not the UTF-8 inside strings; decoding them finds that.
            return new(DeadLetterReasons.MalformedJson, "invalid UTF-8 in a string");
        }
    }

    private static readonly string[] s_names =
    [
        "schemaVersion", "type", "eventId", "timestamp", "userId", "sessionId", "itemId", "orderId", "query",
        "shownItemIds", "clickedItemId", "titleTokens", "categoryPath", "brand", "price", "inStock",
    ];

    private static readonly byte[][] s_utf8Names = s_names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

    private static int Field(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < s_utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(s_utf8Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static ParseFailure? ReadValue(ref Utf8JsonReader reader, int field, IngestionOptions limits, RawEvent e)
    {
        var name = s_names[field];
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null; // Missing and null are the same; required fields are checked afterwards.
        }

        switch (field)
        {
            case 0:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version))
                {
                    return Wrong(name);
                }

                e.SchemaVersion = version;
                return null;
            case 3:
                return ReadTimestamp(ref reader, e);
            case 14:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var price))
                {
                    return Wrong(name);
                }

                e.Price = price;
                return null;
            case 15:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return Wrong(name);
                }

                e.InStock = reader.GetBoolean();
                return null;
            case 9 or 11 or 12:
                return ReadList(ref reader, field, limits, e);
            default:
                return ReadString(ref reader, field, limits, e);
        }
    }

    private static ParseFailure? ReadTimestamp(ref Utf8JsonReader reader, RawEvent e)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetInt64(out var ms))
            {
                return new(DeadLetterReasons.InvalidTimestamp, "timestamp is not an integer epoch ms");
            }

            e.TimestampMs = ms;
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return Wrong("timestamp");
        }

        if (reader.ValueSpan.Length > 64 || !EpochMillisecondsJsonConverter.TryParseIso(reader.GetString(), out var iso))
        {
            return new(DeadLetterReasons.InvalidTimestamp, "timestamp is not ISO-8601");
        }

        e.TimestampMs = iso;
        return null;
    }

    private static ParseFailure? ReadString(ref Utf8JsonReader reader, int field, IngestionOptions limits, RawEvent e)
    {
        var name = s_names[field];
        if (reader.TokenType != JsonTokenType.String)
        {
            return Wrong(name);
        }

        var isId = field is 2 or 4 or 5 or 6 or 7 or 10;
        var max = isId ? EventIds.MaxLength : field == 8 ? limits.MaxQueryLength : limits.MaxTextLength;
        // Bytes bound chars from above, so a huge string is refused before it is decoded.
        if (reader.HasValueSequence || reader.ValueSpan.Length > max * 6)
        {
            return new(isId ? DeadLetterReasons.InvalidId : DeadLetterReasons.FieldTooLong, name);
        }

        var value = reader.GetString()!;
        if (isId ? !EventIds.IsValid(value) : value.Length > max)
        {
            return new(isId ? DeadLetterReasons.InvalidId : DeadLetterReasons.FieldTooLong, name);
        }

        switch (field)
        {
            case 1: e.Type = value; break;
            case 2: e.EventId = value; break;
            case 4: e.UserId = value; break;
            case 5: e.SessionId = value; break;
            case 6: e.ItemId = value; break;
            case 7: e.OrderId = value; break;
            case 8: e.Query = value; break;
            case 10: e.ClickedItemId = value; break;
            default: e.Brand = value; break;
        }

        return null;
    }

    private static ParseFailure? ReadList(ref Utf8JsonReader reader, int field, IngestionOptions limits, RawEvent e)
    {
        var name = s_names[field];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Wrong(name);
        }

        var ids = field != 11;
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return Wrong(name);
            }

            if (list.Count >= limits.MaxListLength)
            {
                return new(DeadLetterReasons.FieldTooLong, name);
            }

            if (reader.ValueSpan.Length > (ids ? EventIds.MaxLength : limits.MaxTextLength) * 6)
            {
                return new(ids ? DeadLetterReasons.InvalidId : DeadLetterReasons.FieldTooLong, name);
            }

            var value = reader.GetString()!;
            if (ids ? !EventIds.IsValid(value) : value.Length > limits.MaxTextLength)
            {
                return new(ids ? DeadLetterReasons.InvalidId : DeadLetterReasons.FieldTooLong, name);
            }

            list.Add(value);
        }

        switch (field)
        {
            case 9: e.ShownItemIds = list; break;
            case 11: e.TitleTokens = list; break;
            default: e.CategoryPath = list; break;
        }

        return null;
    }

    private static ParseFailure Wrong(string name) => new(DeadLetterReasons.InvalidFieldType, name);
}
