namespace FuncRec.Core.Ingestion;

/// <summary>What one batch did.</summary>
/// <param name="Received">Records in the batch.</param>
/// <param name="Applied">Valid events applied to the feature store for the first time.</param>
/// <param name="Duplicates">Valid events skipped because an earlier delivery (or the same batch) already applied them.</param>
/// <param name="DeadLettered">Invalid records sent to the dead-letter store.</param>
/// <param name="Superseded">Catalog events applied to the log but older than the item's stored state, so they changed nothing.</param>
public sealed record IngestResult(int Received, int Applied, int Duplicates, int DeadLettered, int Superseded = 0)
{
    /// <summary>An empty result.</summary>
    public static IngestResult Empty { get; } = new(0, 0, 0, 0);

    /// <summary>Sums two results.</summary>
    public IngestResult Add(IngestResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Received + other.Received, Applied + other.Applied, Duplicates + other.Duplicates,
            DeadLettered + other.DeadLettered, Superseded + other.Superseded);
    }
}
