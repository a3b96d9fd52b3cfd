using FuncRec.Core.Events;

namespace FuncRec.Core.Ingestion;

/// <summary>Applies behaviour events to the online features, exactly once per (topic, partition, offset).</summary>
public interface IBehaviorFeatureStore
{
    /// <summary>
    /// Applies one partition's events (ascending offsets). Events at or below the partition's stored
    /// high-water mark are skipped; the mark advances atomically with the updates.
    /// </summary>
    Task<FeatureApplyResult> ApplyAsync(string topic, int partition, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken);
}
