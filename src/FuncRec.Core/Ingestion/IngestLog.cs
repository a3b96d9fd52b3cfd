using Microsoft.Extensions.Logging;

namespace FuncRec.Core.Ingestion;

/// <summary>Source-generated log messages of the ingestors.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Ingested {Kind} batch: {Received} received, {Applied} applied, {Duplicates} duplicates, {DeadLettered} dead-lettered in {ElapsedMs:F1} ms")]
    public static partial void BatchDone(ILogger logger, string kind, int received, int applied, int duplicates, int deadLettered, double elapsedMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Dead-lettered {Topic}/{Partition}@{Offset}: {Reason} ({Detail})")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, long offset, string reason, string detail);
}
