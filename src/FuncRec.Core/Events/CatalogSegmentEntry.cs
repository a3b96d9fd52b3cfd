namespace FuncRec.Core.Events;

/// <summary>One line of a catalog segment: the normalized event and where it came from.</summary>
/// <param name="Partition">Source Kafka partition.</param>
/// <param name="Offset">Source Kafka offset (unique within the partition; readers dedupe on it).</param>
/// <param name="Event">The validated event.</param>
public sealed record CatalogSegmentEntry(int Partition, long Offset, CatalogEvent Event);
