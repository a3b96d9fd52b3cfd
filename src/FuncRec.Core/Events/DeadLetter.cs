namespace FuncRec.Core.Events;

/// <summary>An input that could not be applied, with everything needed to inspect or replay it.</summary>
/// <param name="Topic">Source topic.</param>
/// <param name="Partition">Source partition.</param>
/// <param name="Offset">Source offset.</param>
/// <param name="Reason">Machine-readable reason, one of <see cref="DeadLetterReasons"/>.</param>
/// <param name="Detail">Human-readable detail (field name, limit).</param>
/// <param name="Key">The record key as Base64, if any.</param>
/// <param name="Value">The original bytes as Base64 (System.Text.Json writes byte arrays as Base64).</param>
/// <param name="RecordTimestampMs">The Kafka record timestamp.</param>
/// <param name="DeadLetteredAtMs">When it was dead-lettered.</param>
public sealed record DeadLetter(
    string Topic,
    int Partition,
    long Offset,
    string Reason,
    string Detail,
    byte[]? Key,
    byte[] Value,
    long RecordTimestampMs,
    long DeadLetteredAtMs);
