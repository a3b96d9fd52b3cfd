namespace FuncRec.Core.Events;

/// <summary>One line of a behaviour training segment: the normalized event and where it came from.</summary>
/// <param name="Partition">Source Kafka partition.</param>
/// <param name="Offset">Source Kafka offset (unique within the partition; readers dedupe on it).</param>
/// <param name="Event">The validated event.</param>
public sealed record BehaviorSegmentEntry(int Partition, long Offset, BehaviorEvent Event);
