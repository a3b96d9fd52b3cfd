using FuncRec.Core.Events;

namespace FuncRec.Core.Ingestion;

/// <summary>Applies catalog events to item metadata, exactly once per offset and newest timestamp wins.</summary>
public interface ICatalogFeatureStore
{
    /// <summary>Applies one partition's events (ascending offsets); see <see cref="IBehaviorFeatureStore.ApplyAsync"/>.</summary>
    Task<FeatureApplyResult> ApplyAsync(string topic, int partition, IReadOnlyList<CatalogSegmentEntry> entries, CancellationToken cancellationToken);
}
