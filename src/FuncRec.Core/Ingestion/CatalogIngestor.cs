using System.Diagnostics;
using FuncRec.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FuncRec.Core.Ingestion;

/// <summary>
/// The handler behind the catalog Kafka trigger: validates a batch, dead-letters bad records, writes the
/// training segment and applies item metadata (newest timestamp wins). Safe to call again with the same batch or any
/// suffix of it (at-least-once delivery); throws only when a store is unreachable, so the batch is retried.
/// </summary>
public sealed class CatalogIngestor
{
    private readonly EventParser _parser;
    private readonly ICatalogFeatureStore _features;
    private readonly ISegmentWriter _segments;
    private readonly IDeadLetterSink _deadLetters;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the ingestor.</summary>
    public CatalogIngestor(IOptions<IngestionOptions> options, ICatalogFeatureStore features, ISegmentWriter segments,
        IDeadLetterSink deadLetters, IngestMetrics metrics, TimeProvider? time = null, ILogger<CatalogIngestor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? TimeProvider.System;
        _parser = new EventParser(options.Value, _time);
        _features = features;
        _segments = segments;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Ingests one batch (any mix of partitions).</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var started = Stopwatch.GetTimestamp();
        var parts = BatchSplitter.Split<CatalogSegmentEntry>(batch, Parse, _time.GetUtcNow().ToUnixTimeMilliseconds());
        var results = await Task.WhenAll(parts.Select(p => ProcessAsync(p, cancellationToken))).ConfigureAwait(false);
        var total = results.Aggregate(IngestResult.Empty, (a, b) => a.Add(b));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        _metrics.Batch("catalog", total, elapsed);
        IngestLog.BatchDone(_logger, "catalog", total.Received, total.Applied, total.Duplicates, total.DeadLettered, elapsed);
        return total;
    }

    private bool Parse(IngestRecord record, out CatalogSegmentEntry? entry, out string? eventId, out ParseFailure failure)
    {
        var outcome = _parser.ParseCatalog(record.Value.Span);
        failure = outcome.Failure;
        entry = outcome.Event is { } e ? new CatalogSegmentEntry(record.Partition, record.Offset, e) : null;
        eventId = outcome.Event?.EventId;
        return outcome.IsValid;
    }

    private async Task<IngestResult> ProcessAsync(PartitionBatch<CatalogSegmentEntry> part, CancellationToken ct)
    {
        // Both stores are idempotent, so they run concurrently: if one fails the batch is redelivered
        // and the one that succeeded skips or rewrites the same data.
        var segment = _segments.WriteCatalogAsync(part.Topic, part.Partition, part.FirstOffset, part.LastOffset, part.Entries, ct);
        var dead = part.DeadLetters.Count > 0 ? _deadLetters.WriteAsync(part.DeadLetters, ct) : Task.CompletedTask;
        var features = part.Entries.Count > 0 ? _features.ApplyAsync(part.Topic, part.Partition, part.Entries, ct) : Task.FromResult(default(FeatureApplyResult));
        await Task.WhenAll(segment, dead, features).ConfigureAwait(false);
        foreach (var d in part.DeadLetters)
        {
            _metrics.DeadLetter("catalog", d.Reason);
            IngestLog.DeadLettered(_logger, d.Topic, d.Partition, d.Offset, d.Reason, d.Detail);
        }

        var applied = await features.ConfigureAwait(false);
        var received = part.Entries.Count + part.DeadLetters.Count + part.InBatchDuplicates;
        return new IngestResult(received, applied.Applied, applied.Duplicates + part.InBatchDuplicates, part.DeadLetters.Count, applied.Superseded);
    }
}
