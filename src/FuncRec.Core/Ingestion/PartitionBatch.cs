using FuncRec.Core.Events;

namespace FuncRec.Core.Ingestion;

/// <summary>One partition's share of a batch after parsing.</summary>
/// <typeparam name="TEntry">The segment entry type.</typeparam>
internal sealed class PartitionBatch<TEntry>(string topic, int partition)
{
    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    public long FirstOffset { get; set; } = long.MaxValue;

    public long LastOffset { get; set; } = long.MinValue;

    public List<TEntry> Entries { get; } = [];

    public List<DeadLetter> DeadLetters { get; } = [];

    public int InBatchDuplicates { get; set; }
}
