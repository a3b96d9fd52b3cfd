using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FuncRec.Core.Ingestion;

/// <summary>
/// The shared pipeline of the Kafka-triggered handlers: split a batch by partition, validate and dead-letter bad
/// records, then write the training segment, the dead letters and the online features of each partition.
/// Safe to call again with the same batch or any suffix of it (at-least-once delivery); throws only when a store
/// is unreachable, so the batch is retried. Subclasses name the event kind and its stores.
/// </summary>
/// <typeparam name="TEntry">The segment entry of this event kind.</typeparam>
public abstract class Ingestor<TEntry>
    where TEntry : class
{
    private readonly IDeadLetterSink _deadLetters;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the pipeline.</summary>
    protected Ingestor(string kind, IOptions<IngestionOptions> options, IDeadLetterSink deadLetters, IngestMetrics metrics, TimeProvider? time, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Kind = kind;
        _time = time ?? TimeProvider.System;
        Parser = new EventParser(options.Value, _time);
        _deadLetters = deadLetters;
        _metrics = metrics;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The event kind in metrics and logs (<c>behavior</c>, <c>catalog</c>).</summary>
    protected string Kind { get; }

    /// <summary>The validating parser.</summary>
    protected EventParser Parser { get; }

    /// <summary>Ingests one batch (any mix of partitions).</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var started = Stopwatch.GetTimestamp();
        var parts = BatchSplitter.Split<TEntry>(batch, Parse, _time.GetUtcNow().ToUnixTimeMilliseconds());
        var results = await Task.WhenAll(parts.Select(p => ProcessAsync(p, cancellationToken))).ConfigureAwait(false);
        var total = results.Aggregate(IngestResult.Empty, (a, b) => a.Add(b));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        _metrics.Batch(Kind, total, elapsed);
        IngestLog.BatchDone(_logger, Kind, total.Received, total.Applied, total.Duplicates, total.DeadLettered, elapsed);
        return total;
    }

    /// <summary>Parses one record into its segment entry, or explains why it is invalid.</summary>
    protected abstract bool Parse(IngestRecord record, out TEntry? entry, out string? eventId, out ParseFailure failure);

    /// <summary>Writes one partition's valid entries to the training segment log.</summary>
    private protected abstract Task WriteSegmentAsync(PartitionBatch<TEntry> part, CancellationToken cancellationToken);

    /// <summary>Applies one partition's valid entries to the online features.</summary>
    private protected abstract Task<FeatureApplyResult> ApplyFeaturesAsync(PartitionBatch<TEntry> part, CancellationToken cancellationToken);

    private async Task<IngestResult> ProcessAsync(PartitionBatch<TEntry> part, CancellationToken ct)
    {
        // Both stores are idempotent, so they run concurrently: if one fails the batch is redelivered
        // and the one that succeeded skips or rewrites the same data.
        var segment = WriteSegmentAsync(part, ct);
        var dead = part.DeadLetters.Count > 0 ? _deadLetters.WriteAsync(part.DeadLetters, ct) : Task.CompletedTask;
        var features = part.Entries.Count > 0 ? ApplyFeaturesAsync(part, ct) : Task.FromResult(default(FeatureApplyResult));
        await Task.WhenAll(segment, dead, features).ConfigureAwait(false);
        foreach (var d in part.DeadLetters)
        {
            _metrics.DeadLetter(Kind, d.Reason);
            IngestLog.DeadLettered(_logger, d.Topic, d.Partition, d.Offset, d.Reason, d.Detail);
        }

        var applied = await features.ConfigureAwait(false);
        var received = part.Entries.Count + part.DeadLetters.Count + part.InBatchDuplicates;
        return new IngestResult(received, applied.Applied, applied.Duplicates + part.InBatchDuplicates, part.DeadLetters.Count, applied.Superseded);
    }
}
