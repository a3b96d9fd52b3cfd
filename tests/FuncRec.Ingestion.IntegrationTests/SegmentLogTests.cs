using FuncRec.Core.Events;
using FuncRec.Core.Segments;
using FuncRec.Testing;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

public sealed class SegmentLogTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const string Topic = "funcrec.behavior";

    private static async Task<List<BehaviorSegmentEntry>> ReadAllAsync(IngestHarness h, Dictionary<int, long> from, Dictionary<int, long> to)
    {
        var list = new List<BehaviorSegmentEntry>();
        await foreach (var e in h.Reader.ReadBehaviorAsync(Topic, from, to))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task IngestAsync_Batches_WriteDeterministicSegmentsPerPartitionAndOffsetRange()
    {
        var h = new IngestHarness(redis, azurite);
        var batch = Records(Topic, 0, 10, View("u1", "a", T(5)), View("u1", "b", T(4)));
        batch.AddRange(Records(Topic, 3, 7, View("u2", "c", T(3))));

        await h.Behavior.IngestAsync(batch, default);
        await h.Behavior.IngestAsync(batch, default);

        Assert.Equal([new SegmentInfo(Topic, 0, 10, 11)], await h.Reader.ListSegmentsAsync(Topic, 0));
        Assert.Equal([new SegmentInfo(Topic, 3, 7, 7)], await h.Reader.ListSegmentsAsync(Topic, 3));
        Assert.Equal(new Dictionary<int, long> { [0] = 12, [3] = 8 }, await h.Reader.GetEndOffsetsAsync(Topic));
    }

    [Fact]
    public async Task ReadBehaviorAsync_BetweenWatermarks_StreamsExactlyThatWindowInOffsetOrderWithEvents()
    {
        var h = new IngestHarness(redis, azurite);
        var events = Enumerable.Range(0, 30).Select(i => (BehaviorEvent)View("u1", $"i{i}", T(60 - i))).ToArray();
        await h.Behavior.IngestAsync(Records(Topic, 0, 0, events[..10]), default);
        await h.Behavior.IngestAsync(Records(Topic, 0, 10, events[10..20]), default);
        await h.Behavior.IngestAsync(Records(Topic, 0, 20, events[20..]), default);
        await h.Behavior.IngestAsync(Records(Topic, 1, 0, events[..5]), default);

        var window = await ReadAllAsync(h, new() { [0] = 5, [1] = 2 }, new() { [0] = 25, [1] = 4 });

        Assert.Equal(Enumerable.Range(5, 20).Select(i => (0, (long)i)).Concat([(1, 2L), (1, 3L)]), window.Select(e => (e.Partition, e.Offset)));
        Assert.Equal(events[5], window[0].Event);
    }

    [Fact]
    public async Task ReadBehaviorAsync_OverlappingSegmentsFromRedelivery_YieldsEachOffsetOnce()
    {
        var h = new IngestHarness(redis, azurite);
        var records = Records(Topic, 0, 0, Enumerable.Range(0, 20).Select(i => (BehaviorEvent)View("u1", $"i{i}", T(60 - i))).ToArray());

        await h.Behavior.IngestAsync(records[..12], default);
        await h.Behavior.IngestAsync(records[4..], default);
        await h.Behavior.IngestAsync(records[8..16], default);

        var all = await ReadAllAsync(h, [], new() { [0] = long.MaxValue });
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), all.Select(e => e.Offset));
        Assert.Equal(3, (await h.Reader.ListSegmentsAsync(Topic, 0)).Count);
    }

    [Fact]
    public async Task ReadBehaviorAsync_BatchLargerThanTheEncodeBuffer_RoundTripsEveryEvent()
    {
        // Item ids of varying length make the JSON outgrow the pooled buffer's first size, so it grows mid-batch.
        var h = new IngestHarness(redis, azurite);
        var events = Enumerable.Range(0, 3000).Select(i => (BehaviorEvent)View($"u{i % 50}", $"i{i}-{new string('x', i % 40)}", T(3000 - i))).ToArray();

        await h.Behavior.IngestAsync(Records(Topic, 0, 0, events), default);

        var all = await ReadAllAsync(h, [], new() { [0] = long.MaxValue });
        Assert.Equal(events, all.Select(e => e.Event));
    }

    [Fact]
    public async Task ListSegmentsForDayAsync_EventsOnTwoDays_IndexesSegmentUnderBoth()
    {
        var h = new IngestHarness(redis, azurite);
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var records = Records(Topic, 0, 0, View("u1", "a", Now.AddDays(-1).ToUnixTimeMilliseconds()), View("u1", "b", Now.ToUnixTimeMilliseconds()));

        await h.Behavior.IngestAsync(records, default);

        Assert.Equal([new SegmentInfo(Topic, 0, 0, 1)], await h.Reader.ListSegmentsForDayAsync(Topic, day));
        Assert.Equal([new SegmentInfo(Topic, 0, 0, 1)], await h.Reader.ListSegmentsForDayAsync(Topic, day.AddDays(-1)));
        Assert.Empty(await h.Reader.ListSegmentsForDayAsync(Topic, day.AddDays(-2)));
    }
}
