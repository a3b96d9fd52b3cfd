using FuncRec.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Core.Ingestion;

/// <summary>
/// The handler behind the behaviour Kafka trigger: validates a batch, dead-letters bad records, writes the
/// training segment and applies the online features (see <see cref="Ingestor{TEntry}"/>).
/// </summary>
public sealed class BehaviorIngestor : Ingestor<BehaviorSegmentEntry>
{
    private readonly IBehaviorFeatureStore _features;
    private readonly ISegmentWriter _segments;

    /// <summary>Creates the ingestor.</summary>
    public BehaviorIngestor(IOptions<IngestionOptions> options, IBehaviorFeatureStore features, ISegmentWriter segments,
        IDeadLetterSink deadLetters, IngestMetrics metrics, TimeProvider? time = null, ILogger<BehaviorIngestor>? logger = null)
        : base("behavior", options, deadLetters, metrics, time, logger)
    {
        _features = features;
        _segments = segments;
    }

    /// <inheritdoc />
    protected override bool Parse(IngestRecord record, out BehaviorSegmentEntry? entry, out string? eventId, out ParseFailure failure)
    {
        var outcome = Parser.ParseBehavior(record.Value.Span);
        failure = outcome.Failure;
        entry = outcome.Event is { } e ? new BehaviorSegmentEntry(record.Partition, record.Offset, e) : null;
        eventId = outcome.Event?.EventId;
        return outcome.IsValid;
    }

    /// <inheritdoc />
    private protected override Task WriteSegmentAsync(PartitionBatch<BehaviorSegmentEntry> part, CancellationToken cancellationToken) =>
        _segments.WriteBehaviorAsync(part.Topic, part.Partition, part.FirstOffset, part.LastOffset, part.Entries, cancellationToken);

    /// <inheritdoc />
    private protected override Task<FeatureApplyResult> ApplyFeaturesAsync(PartitionBatch<BehaviorSegmentEntry> part, CancellationToken cancellationToken) =>
        _features.ApplyAsync(part.Topic, part.Partition, part.Entries, cancellationToken);
}
