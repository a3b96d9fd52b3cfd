using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;

namespace FuncRec.Workflow.UnitTests;

/// <summary>
/// The pacing rule for rejected or failed runs: their window stays pending, so a policy trigger (or its coalesced
/// follow-up) would retrain the same window with the same result; it waits until ingestion has gone past it.
/// </summary>
public sealed class NothingNewPacingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, long> s_frozen = new() { ["funcrec.behavior/0"] = 1200, ["funcrec.behavior/1"] = 800 };

    private static UpdatePolicyOptions Options() => new()
    {
        MinPendingEvents = 1000,
        FullRetrainInterval = TimeSpan.FromDays(7),
        FailureBackoff = TimeSpan.FromMinutes(5),
    };

    private static PendingSnapshot Pending(long events) => new(events, 0, 0, 0, new Dictionary<string, double>(), new Dictionary<string, double>());

    /// <summary>A model whose last run was rejected long enough ago that backoff no longer holds it back.</summary>
    private static ModelUpdateState AfterRejection(Dictionary<string, long>? ingested) => new()
    {
        CurrentVersion = "v1",
        CurrentCreatedUtc = s_now.AddHours(-1),
        LastFullRetrainUtc = s_now.AddDays(-1),
        ConsecutiveFailures = 1,
        LastFailureUtc = s_now.AddHours(-1),
        LastUnsuccessfulWindowTo = s_frozen,
        IngestedWatermarks = ingested,
    };

    [Fact]
    public void Decide_ThresholdWithNothingIngestedSinceRejectedWindow_DoesNothingAndSaysWhy()
    {
        var d = UpdatePolicy.Decide(Pending(events: 5000), AfterRejection(new(s_frozen)), Options(), s_now);

        Assert.Equal(UpdateAction.None, d.Action);
        Assert.Contains("nothing new since the last rejected or failed run's window", d.Reason, StringComparison.Ordinal);
        Assert.Contains("funcrec.behavior/0: 1200", d.Reason, StringComparison.Ordinal);
        Assert.Contains("due: pending events 5000 >= 1000", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PolicyFollowUpWithNothingNew_DoesNothing()
    {
        var followUp = new ManualUpdateRequest("policy", "follow-up: pending events 5000 >= 1000", PolicyFollowUp: true);

        var d = UpdatePolicy.Decide(Pending(events: 5000), AfterRejection(new(s_frozen)), Options(), s_now, followUp);

        Assert.Equal(UpdateAction.None, d.Action);
        Assert.Contains("nothing new", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ManualRequestWithNothingNew_Starts()
    {
        var manual = new ManualUpdateRequest("ops", "try again with other settings");

        var d = UpdatePolicy.Decide(Pending(events: 5000), AfterRejection(new(s_frozen)), Options(), s_now, manual);

        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Equal(UpdateTrigger.Manual, d.Trigger);
    }

    [Fact]
    public void Decide_AdminFollowUpWithNothingNew_Starts()
    {
        var followUp = new ManualUpdateRequest("ops", "follow-up: manual request by ops");

        var d = UpdatePolicy.Decide(Pending(events: 5000), AfterRejection(new(s_frozen)), Options(), s_now, followUp);

        Assert.Equal(UpdateAction.Start, d.Action);
    }

    [Fact]
    public void Decide_OnePartitionAdvancedSinceRejectedWindow_Starts()
    {
        var ingested = new Dictionary<string, long>(s_frozen) { ["funcrec.behavior/1"] = 801 };

        var d = UpdatePolicy.Decide(Pending(events: 5000), AfterRejection(ingested), Options(), s_now);

        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Equal(UpdateTrigger.Threshold, d.Trigger);
    }

    [Fact]
    public void Decide_NewPartitionSinceRejectedWindow_Starts()
    {
        var ingested = new Dictionary<string, long>(s_frozen) { ["funcrec.behavior/2"] = 3 };

        var d = UpdatePolicy.Decide(Pending(events: 5000), AfterRejection(ingested), Options(), s_now);

        Assert.Equal(UpdateAction.Start, d.Action);
    }

    [Fact]
    public void Decide_PeriodicFullWithNothingNew_DoesNothing()
    {
        var state = AfterRejection(new(s_frozen)) with { LastFullRetrainUtc = s_now.AddDays(-8) };

        var d = UpdatePolicy.Decide(Pending(events: 10), state, Options(), s_now);

        Assert.Equal(UpdateAction.None, d.Action);
        Assert.Contains("due: last full retrain", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoUnsuccessfulWindowRecorded_Starts()
    {
        var state = AfterRejection(new(s_frozen)) with { LastUnsuccessfulWindowTo = null };

        var d = UpdatePolicy.Decide(Pending(events: 5000), state, Options(), s_now);

        Assert.Equal(UpdateAction.Start, d.Action);
    }

    [Fact]
    public void Decide_IngestedWatermarksUnknown_Starts()
    {
        var d = UpdatePolicy.Decide(Pending(events: 5000), AfterRejection(ingested: null), Options(), s_now);

        Assert.Equal(UpdateAction.Start, d.Action);
    }

    [Fact]
    public void Decide_UpdateRunningWithNothingNew_StillCoalesces()
    {
        // The follow-up is judged when it is taken, against the outcome of the run it waited for.
        var state = AfterRejection(new(s_frozen)) with { UpdateRunning = true };

        var d = UpdatePolicy.Decide(Pending(events: 5000), state, Options(), s_now);

        Assert.Equal(UpdateAction.Coalesce, d.Action);
    }

    [Fact]
    public void Decide_NothingNewAndStillBackingOff_SaysNothingNew()
    {
        var state = AfterRejection(new(s_frozen)) with { LastFailureUtc = s_now.AddMinutes(-1) };

        var d = UpdatePolicy.Decide(Pending(events: 5000), state, Options(), s_now);

        Assert.Equal(UpdateAction.None, d.Action);
        Assert.Contains("nothing new", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingNewSince_OffsetsAtOrBelowWindowEnd_True()
    {
        Assert.True(UpdatePolicy.NothingNewSince(s_frozen, new Dictionary<string, long> { ["funcrec.behavior/0"] = 1100, ["funcrec.behavior/1"] = 800 }));
        Assert.False(UpdatePolicy.NothingNewSince(s_frozen, new Dictionary<string, long> { ["funcrec.behavior/0"] = 1201 }));
    }
}
