using System.Globalization;
using FuncRec.Core.Training;

namespace FuncRec.Core.Updates.Policies;

/// <summary>
/// The pure update policy: from the pending counters, the model's state and the clock, decide whether to
/// start, coalesce, defer or do nothing, and say why. Rules in priority order: manual request, periodic
/// full retrain, catalog burst, drift, threshold, time window. Pacing (singleton, nothing new since a
/// rejected or failed run, failure backoff, daily budget) applies to every rule; a manual request is not held
/// back by the nothing-new rule, a forced one skips backoff and budget too, but never the singleton. A policy's
/// coalesced follow-up runs only if a rule is still due when it is taken.
/// </summary>
public static class UpdatePolicy
{
    /// <summary>Decides for one model.</summary>
    public static UpdateDecision Decide(
        PendingSnapshot pending,
        ModelUpdateState state,
        UpdatePolicyOptions options,
        DateTimeOffset nowUtc,
        ManualUpdateRequest? manual = null)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);

        // A policy's coalesced follow-up is judged again when it is taken: the trigger was counted while the running
        // window's own events were still pending, so once that window is trained the rule may no longer hold for what
        // arrived after it. Starting anyway would train a small remainder at a whole job's fixed cost.
        var due = manual is null || manual.PolicyFollowUp ? Rules(pending, state, options, nowUtc) : ManualRule(manual);
        if (due is null)
        {
            var idle = Describe(pending, state, nowUtc, options);
            return UpdateDecision.Nothing(manual is null ? idle : $"coalesced follow-up dropped, no rule is due for the data past the last run's window: {idle}");
        }

        if (manual is not null && manual.PolicyFollowUp)
        {
            due = due with { Reason = $"coalesced follow-up, still due: {due.Reason}" };
        }

        if (state.UpdateRunning)
        {
            return due with { Action = UpdateAction.Coalesce, Reason = $"update running; coalesced into one follow-up: {due.Reason}" };
        }

        // Retraining the window a rejected or failed run froze, with nothing added, gives the same result again:
        // a policy trigger (or its coalesced follow-up) waits for new data. An admin can still ask.
        if ((manual is null || manual.PolicyFollowUp) && NothingNewSinceUnsuccessfulRun(state) is { } unchanged)
        {
            return UpdateDecision.Nothing($"{unchanged}; due: {due.Reason}");
        }

        if (!(manual?.Force ?? false) && Paced(state, options, nowUtc) is { } deferred)
        {
            return due with { Action = UpdateAction.Defer, Reason = $"{deferred.Reason}; due: {due.Reason}", NotBeforeUtc = deferred.NotBefore };
        }

        return due;
    }

    /// <summary>The failure backoff after <paramref name="consecutiveFailures"/> failures: base doubled per failure, capped.</summary>
    public static TimeSpan Backoff(int consecutiveFailures, UpdatePolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 30));
        var ms = Math.Min(options.FailureBackoff.TotalMilliseconds * factor, options.MaxFailureBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }

    private static UpdateDecision ManualRule(ManualUpdateRequest manual) => new(
        UpdateAction.Start,
        UpdateTrigger.Manual,
        manual.Full ? TrainingMode.Full : TrainingMode.Incremental,
        $"manual request by {manual.RequestedBy}: {manual.Reason}",
        Force: manual.Force);

    private static UpdateDecision? Rules(PendingSnapshot pending, ModelUpdateState state, UpdatePolicyOptions o, DateTimeOffset now)
    {
        if (!o.Enabled)
        {
            return null;
        }

        if (o.FullRetrainInterval > TimeSpan.Zero && state.CurrentVersion is not null)
        {
            var since = state.LastFullRetrainUtc ?? state.CurrentCreatedUtc;
            if (since is null || now - since.Value >= o.FullRetrainInterval)
            {
                var age = since is null ? "never" : Fmt(now - since.Value) + " ago";
                return Start(UpdateTrigger.PeriodicFull, $"last full retrain {age} >= interval {Fmt(o.FullRetrainInterval)}", TrainingMode.Full, force: true);
            }
        }

        if (o.CatalogBurstChanges > 0 && pending.CatalogChanges >= o.CatalogBurstChanges)
        {
            return Start(UpdateTrigger.CatalogBurst, $"catalog changes {pending.CatalogChanges} >= {o.CatalogBurstChanges}");
        }

        if (o.DriftThreshold > 0 && pending.Events >= o.DriftMinEvents && pending.TrainedPopularity.Count > 0)
        {
            var js = PopularityDivergence.JensenShannon(pending.PendingPopularity, pending.TrainedPopularity, o.DriftTopK, o.DriftSmoothing);
            if (js > o.DriftThreshold)
            {
                return Start(UpdateTrigger.Drift, string.Create(CultureInfo.InvariantCulture,
                    $"popularity drift JS(top-{o.DriftTopK}) = {js:0.0000} > {o.DriftThreshold:0.0000} over {pending.Events} pending events"));
            }
        }

        if (o.MinPendingEvents > 0 && pending.Events >= o.MinPendingEvents)
        {
            return Start(UpdateTrigger.Threshold, $"pending events {pending.Events} >= {o.MinPendingEvents}");
        }

        if (o.MinNewItems > 0 && pending.NewItems >= o.MinNewItems)
        {
            return Start(UpdateTrigger.Threshold, $"new items {pending.NewItems} >= {o.MinNewItems}");
        }

        if (o.MaxStaleness > TimeSpan.Zero && pending.Events > 0 && pending.Events >= o.TimeWindowMinEvents)
        {
            // With no current version any pending data is worth a first model.
            if (state.CurrentCreatedUtc is null)
            {
                return Start(UpdateTrigger.TimeWindow, $"no current version and {pending.Events} events pending");
            }

            var age = now - state.CurrentCreatedUtc.Value;
            if (age >= o.MaxStaleness)
            {
                return Start(UpdateTrigger.TimeWindow, $"model age {Fmt(age)} >= {Fmt(o.MaxStaleness)} with {pending.Events} >= {o.TimeWindowMinEvents} events pending");
            }
        }

        return null;
    }

    /// <summary>
    /// True when ingestion has written nothing past <paramref name="windowTo"/>: no source has a higher offset and
    /// no source is new (a source the window did not name counts from offset 0).
    /// </summary>
    public static bool NothingNewSince(IReadOnlyDictionary<string, long> windowTo, IReadOnlyDictionary<string, long> ingested)
    {
        ArgumentNullException.ThrowIfNull(windowTo);
        ArgumentNullException.ThrowIfNull(ingested);
        return ingested.All(kv => kv.Value <= windowTo.GetValueOrDefault(kv.Key));
    }

    private static string? NothingNewSinceUnsuccessfulRun(ModelUpdateState state)
    {
        if (state.LastUnsuccessfulWindowTo is not { } windowTo || state.IngestedWatermarks is not { } ingested || !NothingNewSince(windowTo, ingested))
        {
            return null;
        }

        return $"nothing new since the last rejected or failed run's window (ingested {Watermarks(ingested)} <= frozen {Watermarks(windowTo)}); waiting for new data";
    }

    private static string Watermarks(IReadOnlyDictionary<string, long> w) =>
        w.Count == 0 ? "{}" : "{" + string.Join(", ", w.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value}"))) + "}";

    private static (string Reason, DateTimeOffset NotBefore)? Paced(ModelUpdateState state, UpdatePolicyOptions o, DateTimeOffset now)
    {
        if (state.ConsecutiveFailures > 0 && state.LastFailureUtc is { } lastFailure)
        {
            var notBefore = lastFailure + Backoff(state.ConsecutiveFailures, o);
            if (now < notBefore)
            {
                return ($"backing off after {state.ConsecutiveFailures} consecutive failure(s) until {notBefore:O}", notBefore);
            }
        }

        if (o.DailyTrainingBudgetMinutes > 0 && state.TrainingMinutesToday >= o.DailyTrainingBudgetMinutes)
        {
            var tomorrow = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            return (string.Create(CultureInfo.InvariantCulture,
                $"daily training budget spent ({state.TrainingMinutesToday:0.#} of {o.DailyTrainingBudgetMinutes:0.#} min)"), tomorrow);
        }

        return null;
    }

    private static UpdateDecision Start(UpdateTrigger trigger, string reason, TrainingMode mode = TrainingMode.Incremental, bool force = false) =>
        new(UpdateAction.Start, trigger, mode, reason, force);

    private static string Describe(PendingSnapshot p, ModelUpdateState s, DateTimeOffset now, UpdatePolicyOptions o)
    {
        var age = s.CurrentCreatedUtc is { } c ? Fmt(now - c) : "n/a";
        return o.Enabled
            ? $"no rule fired: events {p.Events}/{o.MinPendingEvents}, new items {p.NewItems}/{o.MinNewItems}, catalog changes {p.CatalogChanges}/{o.CatalogBurstChanges}, model age {age}"
            : "automatic updates disabled for this model";
    }

    private static string Fmt(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0.#}h")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0.#}min");
}
