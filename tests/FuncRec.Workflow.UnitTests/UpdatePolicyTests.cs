using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;

namespace FuncRec.Workflow.UnitTests;

public sealed class UpdatePolicyTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static UpdatePolicyOptions Options() => new()
    {
        MinPendingEvents = 1000,
        MinNewItems = 50,
        MaxStaleness = TimeSpan.FromHours(6),
        TimeWindowMinEvents = 100,
        CatalogBurstChanges = 500,
        DriftThreshold = 0.2,
        DriftTopK = 50,
        DriftMinEvents = 100,
        FullRetrainInterval = TimeSpan.FromDays(7),
        FailureBackoff = TimeSpan.FromMinutes(5),
        MaxFailureBackoff = TimeSpan.FromHours(1),
    };

    private static ModelUpdateState Fresh() => new()
    {
        CurrentVersion = "v1",
        CurrentCreatedUtc = s_now.AddHours(-1),
        LastFullRetrainUtc = s_now.AddDays(-1),
    };

    private static PendingSnapshot Pending(long events = 0, long newItems = 0, long catalog = 0,
        Dictionary<string, double>? pending = null, Dictionary<string, double>? trained = null) =>
        new(events, newItems, 0, catalog, pending ?? [], trained ?? []);

    [Fact]
    public void Decide_PendingEventsAtThreshold_StartsWithThresholdReason()
    {
        var d = UpdatePolicy.Decide(Pending(events: 1000), Fresh(), Options(), s_now);
        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Equal(UpdateTrigger.Threshold, d.Trigger);
        Assert.Contains("1000 >= 1000", d.Reason, StringComparison.Ordinal);
        Assert.Equal(TrainingMode.Incremental, d.Mode);
    }

    [Fact]
    public void Decide_NewItemsAtThreshold_Starts()
    {
        var d = UpdatePolicy.Decide(Pending(events: 10, newItems: 50), Fresh(), Options(), s_now);
        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Contains("new items 50", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BelowEveryThreshold_DoesNothingAndSaysWhy()
    {
        var d = UpdatePolicy.Decide(Pending(events: 99, newItems: 1), Fresh(), Options(), s_now);
        Assert.Equal(UpdateAction.None, d.Action);
        Assert.Null(d.Trigger);
        Assert.Contains("no rule fired", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_StaleModelWithMinimumPending_StartsTimeWindow()
    {
        var state = Fresh() with { CurrentCreatedUtc = s_now.AddHours(-7) };
        var d = UpdatePolicy.Decide(Pending(events: 100), state, Options(), s_now);
        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Equal(UpdateTrigger.TimeWindow, d.Trigger);
    }

    [Fact]
    public void Decide_StaleModelBelowMinimumPending_DoesNothing()
    {
        var state = Fresh() with { CurrentCreatedUtc = s_now.AddHours(-7) };
        var d = UpdatePolicy.Decide(Pending(events: 99), state, Options(), s_now);
        Assert.Equal(UpdateAction.None, d.Action);
    }

    [Fact]
    public void Decide_CatalogBurst_StartsCatalogBurst()
    {
        var d = UpdatePolicy.Decide(Pending(events: 5, catalog: 500), Fresh(), Options(), s_now);
        Assert.Equal(UpdateTrigger.CatalogBurst, d.Trigger);
        Assert.Equal(UpdateAction.Start, d.Action);
    }

    [Fact]
    public void Decide_PopularityShiftedToOtherItems_StartsDrift()
    {
        var trained = Enumerable.Range(0, 20).ToDictionary(i => $"a{i}", i => 100.0 - i);
        var pending = Enumerable.Range(0, 20).ToDictionary(i => $"b{i}", i => 100.0 - i);
        var d = UpdatePolicy.Decide(Pending(events: 200, pending: pending, trained: trained), Fresh(), Options(), s_now);
        Assert.Equal(UpdateTrigger.Drift, d.Trigger);
        Assert.Contains("JS(top-50)", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SamePopularityShape_DoesNotFireDrift()
    {
        var trained = Enumerable.Range(0, 20).ToDictionary(i => $"a{i}", i => 100.0 - i);
        var pending = trained.ToDictionary(e => e.Key, e => e.Value * 2);
        var d = UpdatePolicy.Decide(Pending(events: 200, pending: pending, trained: trained), Fresh(), Options(), s_now);
        Assert.Equal(UpdateAction.None, d.Action);
    }

    [Fact]
    public void Decide_LastFullRetrainOlderThanInterval_StartsForcedFullRetrain()
    {
        var state = Fresh() with { LastFullRetrainUtc = s_now.AddDays(-8) };
        var d = UpdatePolicy.Decide(Pending(), state, Options(), s_now);
        Assert.Equal(UpdateTrigger.PeriodicFull, d.Trigger);
        Assert.Equal(TrainingMode.Full, d.Mode);
        Assert.True(d.Force);
    }

    [Fact]
    public void Decide_ManualRequest_StartsEvenWithNothingPending()
    {
        var d = UpdatePolicy.Decide(Pending(), Fresh(), Options(), s_now, new ManualUpdateRequest("ops", "hotfix", Full: true));
        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Equal(UpdateTrigger.Manual, d.Trigger);
        Assert.Equal(TrainingMode.Full, d.Mode);
        Assert.Contains("ops", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UpdateRunning_Coalesces()
    {
        var d = UpdatePolicy.Decide(Pending(events: 5000), Fresh() with { UpdateRunning = true }, Options(), s_now);
        Assert.Equal(UpdateAction.Coalesce, d.Action);
        Assert.Contains("coalesced", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PolicyFollowUpWhoseRuleNoLongerHolds_DoesNothingAndSaysWhy()
    {
        // Coalesced at 5000 pending while the run's own window was still counted; 400 arrived after that window.
        var followUp = new ManualUpdateRequest("policy", "update running; coalesced: pending events 5000 >= 1000", PolicyFollowUp: true);

        var d = UpdatePolicy.Decide(Pending(events: 400), Fresh() with { CurrentCreatedUtc = s_now.AddMinutes(-1) }, Options(), s_now, followUp);

        Assert.Equal(UpdateAction.None, d.Action);
        Assert.StartsWith("coalesced follow-up dropped", d.Reason, StringComparison.Ordinal);
        Assert.Contains("events 400/1000", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PolicyFollowUpWhoseRuleStillHolds_StartsWithThatRule()
    {
        var followUp = new ManualUpdateRequest("policy", "update running; coalesced: pending events 5000 >= 1000", PolicyFollowUp: true);

        var d = UpdatePolicy.Decide(Pending(events: 1200), Fresh(), Options(), s_now, followUp);

        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Equal(UpdateTrigger.Threshold, d.Trigger);
        Assert.Equal("coalesced follow-up, still due: pending events 1200 >= 1000", d.Reason);
    }

    [Fact]
    public void Decide_AdminFollowUpWithNothingPending_Starts()
    {
        var d = UpdatePolicy.Decide(Pending(), Fresh(), Options(), s_now, new ManualUpdateRequest("ops", "follow-up: hotfix"));
        Assert.Equal(UpdateAction.Start, d.Action);
        Assert.Equal(UpdateTrigger.Manual, d.Trigger);
    }

    [Fact]
    public void Decide_ManualForceWhileRunning_StillCoalesces()
    {
        var d = UpdatePolicy.Decide(Pending(), Fresh() with { UpdateRunning = true }, Options(), s_now, new ManualUpdateRequest("ops", "x", Force: true));
        Assert.Equal(UpdateAction.Coalesce, d.Action);
    }

    [Fact]
    public void Decide_WithinFailureBackoff_Defers()
    {
        var state = Fresh() with { ConsecutiveFailures = 2, LastFailureUtc = s_now.AddMinutes(-9) };
        var d = UpdatePolicy.Decide(Pending(events: 5000), state, Options(), s_now);
        Assert.Equal(UpdateAction.Defer, d.Action);
        Assert.Equal(s_now.AddMinutes(1), d.NotBeforeUtc);
    }

    [Fact]
    public void Decide_AfterFailureBackoff_Starts()
    {
        var state = Fresh() with { ConsecutiveFailures = 2, LastFailureUtc = s_now.AddMinutes(-10) };
        var d = UpdatePolicy.Decide(Pending(events: 5000), state, Options(), s_now);
        Assert.Equal(UpdateAction.Start, d.Action);
    }

    [Fact]
    public void Decide_ForcedManualWithinBackoff_Starts()
    {
        var state = Fresh() with { ConsecutiveFailures = 3, LastFailureUtc = s_now };
        var d = UpdatePolicy.Decide(Pending(), state, Options(), s_now, new ManualUpdateRequest("ops", "x", Force: true));
        Assert.Equal(UpdateAction.Start, d.Action);
    }

    [Fact]
    public void Decide_DailyBudgetSpent_DefersUntilNextUtcDay()
    {
        var options = Options();
        options.DailyTrainingBudgetMinutes = 30;
        var d = UpdatePolicy.Decide(Pending(events: 5000), Fresh() with { TrainingMinutesToday = 30 }, options, s_now);
        Assert.Equal(UpdateAction.Defer, d.Action);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), d.NotBeforeUtc);
    }

    [Fact]
    public void Decide_Disabled_IgnoresRulesButHonoursManual()
    {
        var options = Options();
        options.Enabled = false;
        Assert.Equal(UpdateAction.None, UpdatePolicy.Decide(Pending(events: 5000), Fresh(), options, s_now).Action);
        Assert.Equal(UpdateAction.Start, UpdatePolicy.Decide(Pending(), Fresh(), options, s_now, new ManualUpdateRequest("ops", "x")).Action);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 60)]
    public void Backoff_ConsecutiveFailures_DoublesUpToCap(int failures, int expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), UpdatePolicy.Backoff(failures, Options()));
    }
}
