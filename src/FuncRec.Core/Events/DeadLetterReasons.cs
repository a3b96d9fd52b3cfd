namespace FuncRec.Core.Events;

/// <summary>Machine-readable dead-letter reasons (stable strings; dashboards and replays match on them).</summary>
public static class DeadLetterReasons
{
    /// <summary>The record has no value or an empty one.</summary>
    public const string EmptyPayload = "empty_payload";

    /// <summary>The value exceeds <c>Ingestion:MaxPayloadBytes</c>.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>The value is not well-formed UTF-8 JSON, or not a JSON object.</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>A property appears twice in the object.</summary>
    public const string DuplicateProperty = "duplicate_property";

    /// <summary>A required property is missing or null.</summary>
    public const string MissingField = "missing_field";

    /// <summary>A property has the wrong JSON type (or an out-of-range number).</summary>
    public const string InvalidFieldType = "invalid_field_type";

    /// <summary>An id is empty, longer than 64 or has characters outside [A-Za-z0-9._:-].</summary>
    public const string InvalidId = "invalid_id";

    /// <summary>A string or array exceeds its limit.</summary>
    public const string FieldTooLong = "field_too_long";

    /// <summary>The <c>type</c> is not one this topic carries.</summary>
    public const string UnknownType = "unknown_type";

    /// <summary>The <c>schemaVersion</c> is not supported.</summary>
    public const string UnsupportedSchemaVersion = "unsupported_schema_version";

    /// <summary>The timestamp cannot be parsed.</summary>
    public const string InvalidTimestamp = "invalid_timestamp";

    /// <summary>The timestamp is further in the future than <c>Ingestion:MaxFutureSkew</c>.</summary>
    public const string TimestampInFuture = "timestamp_in_future";

    /// <summary>The timestamp is older than <c>Ingestion:MaxEventAge</c> or before 2000-01-01.</summary>
    public const string TimestampTooOld = "timestamp_too_old";

    /// <summary>A value is out of its allowed range (negative price, non-finite number, empty query).</summary>
    public const string InvalidValue = "invalid_value";
}
