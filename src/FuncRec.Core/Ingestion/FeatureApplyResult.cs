namespace FuncRec.Core.Ingestion;

/// <summary>What the feature store did with one partition's events.</summary>
/// <param name="Applied">Events applied for the first time.</param>
/// <param name="Duplicates">Events at or below the partition's high-water mark, skipped.</param>
/// <param name="Superseded">Catalog events older than the item's stored state (no change).</param>
public readonly record struct FeatureApplyResult(int Applied, int Duplicates, int Superseded = 0);
