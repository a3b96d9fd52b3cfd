namespace FuncRec.Core.Ingestion;

/// <summary>One Kafka record as the ingestors receive it, whatever the transport (Functions trigger or consumer loop).</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition.</param>
/// <param name="Offset">Offset within the partition.</param>
/// <param name="Key">Record key, if any.</param>
/// <param name="Value">Record value (the event JSON, UTF-8).</param>
/// <param name="TimestampMs">Kafka record timestamp, UTC epoch ms.</param>
public sealed record IngestRecord(string Topic, int Partition, long Offset, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, long TimestampMs);
