using System.ComponentModel.DataAnnotations;

namespace FuncRec.Core.Updates.Policies;

/// <summary>
/// The trigger and pacing settings of one model (<c>Updates:Policy</c> for every model,
/// <c>Updates:Models:{model}</c> to override per model). A threshold of 0 disables its rule.
/// </summary>
public sealed class UpdatePolicyOptions
{
    /// <summary>Evaluate the automatic rules at all. Default: true (manual requests work either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Threshold rule: pending events at or above this start an update. Default: 50000.</summary>
    [Range(0, long.MaxValue)]
    public long MinPendingEvents { get; set; } = 50_000;

    /// <summary>Threshold rule: new items at or above this start an update. Default: 500.</summary>
    [Range(0, long.MaxValue)]
    public long MinNewItems { get; set; } = 500;

    /// <summary>Time-window rule: the current version is at least this old. Default: 6 hours.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Time-window rule: and at least this many events are pending. Default: 1000.</summary>
    [Range(0, long.MaxValue)]
    public long TimeWindowMinEvents { get; set; } = 1_000;

    /// <summary>Event-driven rule: catalog changes at or above this start an update. Default: 2000.</summary>
    [Range(0, long.MaxValue)]
    public long CatalogBurstChanges { get; set; } = 2_000;

    /// <summary>
    /// Drift rule: Jensen-Shannon divergence (base 2, so 0 to 1) between the pending and the training
    /// window's top-K item popularity above which an update starts; 0 disables. Default: 0.2.
    /// </summary>
    [Range(0.0, 1.0)]
    public double DriftThreshold { get; set; } = 0.2;

    /// <summary>Drift rule: items taken from the top of each distribution. Default: 200.</summary>
    [Range(1, 100_000)]
    public int DriftTopK { get; set; } = 200;

    /// <summary>Drift rule: additive (Laplace) smoothing added to every count of the union. Default: 1.</summary>
    [Range(0.0, 1e9)]
    public double DriftSmoothing { get; set; } = 1.0;

    /// <summary>Drift rule: only judged once this many events are pending, so noise is not drift. Default: 1000.</summary>
    [Range(0, long.MaxValue)]
    public long DriftMinEvents { get; set; } = 1_000;

    /// <summary>Safety net: a full retrain when the last one is older than this; zero disables. Default: 7 days.</summary>
    public TimeSpan FullRetrainInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Backoff after the first consecutive failure, doubling per further failure. Default: 5 minutes.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Cap of the failure backoff. Default: 6 hours.</summary>
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Training minutes allowed per UTC day across automatic updates; 0 for no budget. Default: 0.</summary>
    [Range(0.0, 1440.0)]
    public double DailyTrainingBudgetMinutes { get; set; }
}
