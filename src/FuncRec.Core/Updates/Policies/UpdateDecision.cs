using FuncRec.Core.Training;

namespace FuncRec.Core.Updates.Policies;

/// <summary>What the policy says to do now.</summary>
public enum UpdateAction
{
    /// <summary>Nothing to do.</summary>
    None,

    /// <summary>Start an update now.</summary>
    Start,

    /// <summary>An update runs; record one coalesced follow-up.</summary>
    Coalesce,

    /// <summary>An update is due but pacing (failure backoff, daily budget) holds it back.</summary>
    Defer,
}

/// <summary>A policy decision with its reason (always logged).</summary>
/// <param name="Action">What to do.</param>
/// <param name="Trigger">The rule that fired, when one did.</param>
/// <param name="Mode">Incremental or full.</param>
/// <param name="Reason">Human-readable explanation with the numbers compared.</param>
/// <param name="Force">Train even with nothing pending.</param>
/// <param name="NotBeforeUtc">For Defer: when pacing allows the next start.</param>
public sealed record UpdateDecision(
    UpdateAction Action,
    UpdateTrigger? Trigger,
    TrainingMode Mode,
    string Reason,
    bool Force = false,
    DateTimeOffset? NotBeforeUtc = null)
{
    /// <summary>No rule fired.</summary>
    public static UpdateDecision Nothing(string reason) => new(UpdateAction.None, null, TrainingMode.Incremental, reason);
}
