using System.Globalization;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Ingestion.Blob;
using FuncRec.Workflow.State;
using Microsoft.Extensions.Options;

namespace FuncRec.LocalHost.Hosting;

/// <summary>
/// Ingested watermarks read from the training segments themselves: a segment exists only after its batch was
/// written durably, so the end offset of the last segment of each partition is exactly what a training window
/// may include. Keys are <c>{topic}/{partition}</c> for the behaviour topic.
/// </summary>
public sealed class SegmentWatermarkSource(BlobSegmentReader segments, IOptions<KafkaOptions> kafka) : IWatermarkSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> GetIngestedAsync(CancellationToken cancellationToken)
    {
        var topic = kafka.Value.BehaviorTopic;
        var ends = await segments.GetEndOffsetsAsync(topic, cancellationToken).ConfigureAwait(false);
        return ends.ToDictionary(kv => string.Create(CultureInfo.InvariantCulture, $"{topic}/{kv.Key}"), kv => kv.Value, StringComparer.Ordinal);
    }
}
