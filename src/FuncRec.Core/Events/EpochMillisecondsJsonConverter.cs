using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FuncRec.Core.Events;

/// <summary>Reads a timestamp given as UTC epoch milliseconds (number) or ISO-8601 (string); writes epoch ms.</summary>
public sealed class EpochMillisecondsJsonConverter : JsonConverter<long>
{
    /// <inheritdoc />
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms))
        {
            return ms;
        }

        if (reader.TokenType == JsonTokenType.String && TryParseIso(reader.GetString(), out ms))
        {
            return ms;
        }

        throw new JsonException("timestamp must be UTC epoch milliseconds or an ISO-8601 string.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }

    /// <summary>Parses ISO-8601 with an offset or Z (a time without a zone is read as UTC).</summary>
    public static bool TryParseIso(string? text, out long epochMs)
    {
        epochMs = 0;
        if (text is null || text.Length is < 10 or > 40
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        epochMs = parsed.ToUnixTimeMilliseconds();
        return true;
    }
}
