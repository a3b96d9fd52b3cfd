using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using FuncRec.Core.Datasets;
using FuncRec.Core.Events;
using FuncRec.Core.Updates;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Serving;
using FuncRec.Serving.Hosting;
using FuncRec.Serving.Loading;
using FuncRec.Serving.Model;
using FuncRec.Workflow.Admin;
using FuncRec.Workflow.Runner;
using Microsoft.Extensions.Options;

namespace FuncRec.LocalHost.Demo;

/// <summary>
/// Drives the demo against a running local host: replays the real weeks into Kafka on an accelerated clock,
/// lets the host's own policies start updates, measures online quality of the served and the stale model
/// before each week, and writes the report. It only produces events and reads status: every update is the
/// policy's decision, exactly as in production.
/// </summary>
public sealed class DemoRunner(IServiceProvider services, DemoSettings settings, DemoState state)
{
    private readonly UpdateAdminHandlers _admin = services.GetRequiredService<UpdateAdminHandlers>();
    private readonly ModelHolder _holder = services.GetRequiredService<ModelHolder>();
    private readonly ModelLoader _loader = services.GetRequiredService<ModelLoader>();
    private readonly KafkaOptions _kafka = services.GetRequiredService<IOptions<KafkaOptions>>().Value;
    private readonly ServingOptions _serving = services.GetRequiredService<IOptions<ServingOptions>>().Value;
    private readonly List<UpdateOutcome> _outcomes = [];

    /// <summary>Runs the replay and returns the measurements; the stale version is the first one promoted.</summary>
    public async Task<(string StaleVersion, List<WeekMeasurement> Weeks, List<UpdateOutcome> Updates)> RunAsync(DigineticaImporter importer, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<string, byte[]>(KafkaClientConfig.Producer(_kafka)).Build();
        state.Phase = "producing the catalog";
        foreach (var upsert in importer.ReadCatalog())
        {
            Produce(producer, _kafka.CatalogTopic, upsert.ItemId, JsonSerializer.SerializeToUtf8Bytes<CatalogEvent>(upsert, EventJsonContext.Default.CatalogEvent));
        }

        producer.Flush(cancellationToken);
        state.Add("catalog produced (categories joined where the item map allows)");

        var weeks = new List<WeekMeasurement>();
        ServingModel? stale = null;
        for (var period = 0; period <= settings.Weeks; period++)
        {
            var events = importer.ReadPeriod(period).ToList();
            RankingPair? measured = null;
            if (period > 0 && _holder.Current is { } served && stale is not null)
            {
                state.Phase = $"measuring week {period} before ingesting it";
                var sessions = OnlineEvaluator.Sessions(events, settings.EvalSessions, seed: period);
                measured = new RankingPair(served.Version,
                    OnlineEvaluator.Evaluate(served, served, sessions, _serving.Cooccurrence),
                    OnlineEvaluator.Evaluate(stale, served, sessions, _serving.Cooccurrence));
                state.Add(string.Create(CultureInfo.InvariantCulture,
                    $"week {period}: served {served.Version} R@20 {measured.Served.At(20).Recall * 100:0.0} vs stale R@20 {measured.Stale.At(20).Recall * 100:0.0}"));
            }

            state.Phase = period == 0 ? "replaying the initial block (period 0)" : $"replaying week {period}";
            var before = await CurrentVersionAsync(cancellationToken).ConfigureAwait(false);
            var produced = await ReplayAsync(producer, events, cancellationToken).ConfigureAwait(false);
            var producedAt = Stopwatch.StartNew();
            await WaitUntilIngestedAsync(state.Produced, cancellationToken).ConfigureAwait(false);
            var ingestSeconds = producedAt.Elapsed.TotalSeconds;
            state.Add(string.Create(CultureInfo.InvariantCulture, $"period {period}: {produced:N0} events ingested {ingestSeconds:0.0} s after the last was produced"));

            state.Phase = $"waiting for the policy after period {period}";
            var after = await WaitForUpdateAsync(before, cancellationToken).ConfigureAwait(false);
            var modelSeconds = producedAt.Elapsed.TotalSeconds;
            if (stale is null && after is not null)
            {
                stale = await _loader.LoadAsync(after, cancellationToken).ConfigureAwait(false);
                state.Add($"stale base model is {after}");
            }

            if (measured is not null)
            {
                weeks.Add(new WeekMeasurement(period, measured.Version, measured.Served, measured.Stale, ingestSeconds, after != before ? modelSeconds : double.NaN));
            }
        }

        return (stale?.Version ?? "none", weeks, _outcomes);
    }

    private sealed record RankingPair(string Version, Core.Metrics.RankingSummary Served, Core.Metrics.RankingSummary Stale);

    private async Task<long> ReplayAsync(IProducer<string, byte[]> producer, List<BehaviorEvent> events, CancellationToken cancellationToken)
    {
        // The accelerated clock: the week's events are spread evenly over WeekSeconds of wall time, in event order.
        const int chunks = 40;
        var perChunk = Math.Max(1, events.Count / chunks);
        var pause = TimeSpan.FromSeconds(settings.WeekSeconds / chunks);
        var clock = Stopwatch.StartNew();
        var rateFrom = Interlocked.Read(ref state.Ingested);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            // Keyed by session: one session's events stay in one partition, in order.
            Produce(producer, _kafka.BehaviorTopic, e.SessionId, JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.BehaviorEvent));
            Interlocked.Increment(ref state.Produced);
            if ((i + 1) % perChunk == 0)
            {
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                state.EventsPerSecond = (Interlocked.Read(ref state.Ingested) - rateFrom) / Math.Max(0.001, clock.Elapsed.TotalSeconds);
            }
        }

        producer.Flush(cancellationToken);
        return events.Count;
    }

    private static void Produce(IProducer<string, byte[]> producer, string topic, string key, byte[] value)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value });
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private async Task WaitUntilIngestedAsync(long produced, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (Interlocked.Read(ref state.Ingested) >= produced)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"Ingestion stalled at {state.Ingested:N0} of {produced:N0} events.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the policy has started an update, it and any coalesced follow-up have finished, and serving has
    /// swapped to what was promoted. A rejected or failed update ends the wait too: the report shows it with its
    /// reason. After the initial block this makes the stale base the model of the whole block, even when the time
    /// window fired while it was still being replayed.
    /// </summary>
    private async Task<string?> WaitForUpdateAsync(string? before, CancellationToken cancellationToken)
    {
        var seen = _outcomes.Count;
        var quietPolls = 0;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(20))
        {
            var status = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            var finished = status?.LastOutcomes.Where(o => _outcomes.All(k => k.InstanceId != o.InstanceId || k.StartedUtc != o.StartedUtc)).ToList() ?? [];
            foreach (var o in finished.OrderBy(o => o.CompletedUtc))
            {
                _outcomes.Add(o);
                var r20 = o.Metrics.TryGetValue("recall@20", out var r) ? string.Create(CultureInfo.InvariantCulture, $" recall@20 {r * 100:0.0}") : string.Empty;
                state.Add($"{o.Kind.ToString().ToLowerInvariant()} {o.CandidateVersion} ({o.Trigger}, {o.Mode}){r20}: {o.Detail}");
            }

            // Quiescent: an update finished since the period was replayed, none runs, and no coalesced follow-up waits,
            // on two polls in a row: the status reads the instance and the follow-up one after the other, and the
            // coordinator takes a follow-up a moment before it starts the instance for it.
            var running = status?.Instance is { RuntimeStatus: WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running };
            var quiet = _outcomes.Count > seen && !running && status?.FollowUpPending != true;
            quietPolls = quiet ? quietPolls + 1 : 0;
            if (quietPolls >= 2)
            {
                var current = status?.CurrentVersion;
                while (current is not null && _holder.Current?.Version != current && deadline.Elapsed < TimeSpan.FromMinutes(20))
                {
                    await _holder.ReloadAsync(force: false, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(200, cancellationToken).ConfigureAwait(false);
                }

                state.ServingVersion = _holder.Current?.Version;
                return current ?? before;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("No update finished within 20 minutes.");
    }

    private async Task<string?> CurrentVersionAsync(CancellationToken cancellationToken) =>
        (await RefreshAsync(cancellationToken).ConfigureAwait(false))?.CurrentVersion;

    private async Task<ModelUpdateStatus?> RefreshAsync(CancellationToken cancellationToken)
    {
        var result = await _admin.GetStatusAsync(settings.Model, cancellationToken).ConfigureAwait(false);
        if (result.Value is not { } status)
        {
            return null;
        }

        Interlocked.Exchange(ref state.Ingested, status.IngestedWatermarks.Values.Sum());
        Interlocked.Exchange(ref state.PendingEvents, status.Pending.Events);
        Interlocked.Exchange(ref state.PendingNewItems, status.Pending.NewItems);
        state.Update = status.Instance is { RuntimeStatus: WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running } i
            ? $"{i.InstanceId}: {i.CustomStatus ?? "starting"}"
            : null;
        state.ServingVersion = _holder.Current?.Version;
        return status;
    }
}
