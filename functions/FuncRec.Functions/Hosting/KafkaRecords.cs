using FuncRec.Core.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Hosting;

/// <summary>Maps the Kafka trigger's records to the ingestors' transport-neutral records.</summary>
public static class KafkaRecords
{
    /// <summary>One <see cref="IngestRecord"/> per <see cref="KafkaRecord"/>, in delivery order (absent key or value: empty).</summary>
    public static IReadOnlyList<IngestRecord> ToIngestRecords(this KafkaRecord[] records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Array.ConvertAll(records, r => new IngestRecord(
            r.Topic, r.Partition, r.Offset, r.Key ?? [], r.Value ?? [], r.Timestamp?.UnixTimestampMs ?? 0));
    }
}
