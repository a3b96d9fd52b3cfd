using System.Diagnostics.Metrics;
using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Testing;
using FuncRec.Workflow.Telemetry;

namespace FuncRec.Workflow.IntegrationTests;

public sealed class UpdateMetricsTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RecordOutcome_RetriedForOneJob_CountedOnceWithItsTags()
    {
        var h = new WorkflowHarness(redis, azurite);
        var started = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        var outcome = new UpdateOutcome
        {
            Model = "metrics-model",
            InstanceId = "update-metrics-model",
            JobId = "update-metrics-model-000001",
            Kind = UpdateOutcomeKind.Promoted,
            Trigger = UpdateTrigger.Threshold,
            Mode = TrainingMode.Incremental,
            TrainingSeconds = 12.5,
            GateSeconds = 1.5,
            StartedUtc = started,
            CompletedUtc = started.AddSeconds(20),
        };
        var counts = new List<(long Value, Dictionary<string, object?> Tags)>();
        var durations = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == UpdateMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = Tags(tags);
            if (Equals(map.GetValueOrDefault("model"), outcome.Model))
            {
                lock (counts)
                {
                    counts.Add((value, map));
                }
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (Equals(Tags(tags).GetValueOrDefault("model"), outcome.Model))
            {
                lock (durations)
                {
                    durations.Add((instrument.Name, value));
                }
            }
        });
        listener.Start();
        using var metrics = new UpdateMetrics();
        var handlers = h.HandlersWith(metrics);

        Assert.True(await handlers.RecordOutcomeAsync(outcome, CancellationToken.None));
        Assert.True(await handlers.RecordOutcomeAsync(outcome, CancellationToken.None));

        var (value, tags) = Assert.Single(counts);
        Assert.Equal(1, value);
        Assert.Equal("promoted", tags["outcome"]);
        Assert.Equal("Threshold", tags["trigger"]);
        Assert.Contains(("funcrec.update.duration", 20.0), durations);
        Assert.Contains(("funcrec.update.training.duration", 12.5), durations);
        Assert.Contains(("funcrec.update.gate.duration", 1.5), durations);
        Assert.Equal(3, durations.Count);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            map[key] = value;
        }

        return map;
    }
}
