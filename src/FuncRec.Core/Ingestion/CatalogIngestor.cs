using FuncRec.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Core.Ingestion;

/// <summary>
/// The handler behind the catalog Kafka trigger: validates a batch, dead-letters bad records, writes the
/// training segment and applies item metadata, newest timestamp wins (see <see cref="Ingestor{TEntry}"/>).
/// </summary>
public sealed class CatalogIngestor : Ingestor<CatalogSegmentEntry>
{
    private readonly ICatalogFeatureStore _features;
    private readonly ISegmentWriter _segments;

    /// <summary>Creates the ingestor.</summary>
    public CatalogIngestor(IOptions<IngestionOptions> options, ICatalogFeatureStore features, ISegmentWriter segments,
        IDeadLetterSink deadLetters, IngestMetrics metrics, TimeProvider? time = null, ILogger<CatalogIngestor>? logger = null)
        : base("catalog", options, deadLetters, metrics, time, logger)
    {
        _features = features;
        _segments = segments;
    }

    /// <inheritdoc />
    protected override bool Parse(IngestRecord record, out CatalogSegmentEntry? entry, out string? eventId, out ParseFailure failure)
    {
        var outcome = Parser.ParseCatalog(record.Value.Span);
        failure = outcome.Failure;
        entry = outcome.Event is { } e ? new CatalogSegmentEntry(record.Partition, record.Offset, e) : null;
        eventId = outcome.Event?.EventId;
        return outcome.IsValid;
    }

    /// <inheritdoc />
    private protected override Task WriteSegmentAsync(PartitionBatch<CatalogSegmentEntry> part, CancellationToken cancellationToken) =>
        _segments.WriteCatalogAsync(part.Topic, part.Partition, part.FirstOffset, part.LastOffset, part.Entries, cancellationToken);

    /// <inheritdoc />
    private protected override Task<FeatureApplyResult> ApplyFeaturesAsync(PartitionBatch<CatalogSegmentEntry> part, CancellationToken cancellationToken) =>
        _features.ApplyAsync(part.Topic, part.Partition, part.Entries, cancellationToken);
}
