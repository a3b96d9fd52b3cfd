using FuncRec.Core.Events;

namespace FuncRec.Core.Ingestion;

/// <summary>Appends normalized events to the training segment log.</summary>
public interface ISegmentWriter
{
    /// <summary>
    /// Writes one segment for the records <paramref name="firstOffset"/>…<paramref name="lastOffset"/>
    /// of a partition. The name depends only on topic, partition and range, so a redelivery rewrites it.
    /// </summary>
    Task WriteBehaviorAsync(string topic, int partition, long firstOffset, long lastOffset, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken);

    /// <summary>Writes one catalog segment; see <see cref="WriteBehaviorAsync"/>.</summary>
    Task WriteCatalogAsync(string topic, int partition, long firstOffset, long lastOffset, IReadOnlyList<CatalogSegmentEntry> entries, CancellationToken cancellationToken);
}
