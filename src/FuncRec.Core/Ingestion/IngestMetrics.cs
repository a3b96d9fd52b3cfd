using System.Diagnostics.Metrics;

namespace FuncRec.Core.Ingestion;

/// <summary>The ingestion instruments on Meter <c>FuncRec.Ingest</c> (OpenTelemetry picks them up by meter name).</summary>
public sealed class IngestMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FuncRec.Ingest";

    private readonly Meter _meter;
    private readonly Counter<long> _records;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _batchDuration;

    /// <summary>Creates the instruments, from the host's factory when there is one.</summary>
    public IngestMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _records = _meter.CreateCounter<long>("funcrec.ingest.records", "{record}", "Records by topic and outcome (applied, duplicate, dead_lettered, superseded).");
        _deadLetters = _meter.CreateCounter<long>("funcrec.ingest.dead_letters", "{record}", "Dead-lettered records by topic and reason.");
        _batchDuration = _meter.CreateHistogram<double>("funcrec.ingest.batch.duration", "ms", "Wall time of one IngestAsync call.");
    }

    /// <summary>Records a finished batch.</summary>
    public void Batch(string kind, IngestResult result, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(result);
        var topic = new KeyValuePair<string, object?>("kind", kind);
        Add(topic, "applied", result.Applied);
        Add(topic, "duplicate", result.Duplicates);
        Add(topic, "dead_lettered", result.DeadLettered);
        Add(topic, "superseded", result.Superseded);
        _batchDuration.Record(elapsedMs, topic);
    }

    /// <summary>Records one dead letter.</summary>
    public void DeadLetter(string kind, string reason) =>
        _deadLetters.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private void Add(KeyValuePair<string, object?> topic, string outcome, int count)
    {
        if (count > 0)
        {
            _records.Add(count, topic, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
