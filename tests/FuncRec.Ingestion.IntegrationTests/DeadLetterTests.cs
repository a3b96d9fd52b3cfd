using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;
using FuncRec.Ingestion.Blob;
using FuncRec.Testing;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

public sealed class DeadLetterTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const string Topic = "funcrec.behavior";

    [Fact]
    public async Task IngestAsync_BadRecordsAmongGood_DeadLettersEachWithReasonCoordinatesAndOriginalBytes()
    {
        var h = new IngestHarness(redis, azurite);
        var bad = new Dictionary<string, byte[]>
        {
            [DeadLetterReasons.MalformedJson] = "{\"schemaVersion\":1,"u8.ToArray(),
            [DeadLetterReasons.UnknownType] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Json(View("u1", "a", T(1)))).Replace("\"view\"", "\"teleport\"")),
            [DeadLetterReasons.InvalidId] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Json(View("u1", "a", T(1)))).Replace("\"a\"", "\"a b\"")),
            [DeadLetterReasons.TimestampInFuture] = Json(View("u1", "a", T(-60))),
        };
        var values = new List<byte[]> { Json(View("u1", "ok1", T(3))) };
        values.AddRange(bad.Values);
        values.Add(Json(View("u1", "ok2", T(2))));
        var records = Records(Topic, 2, 100, values);
        long deadLettered = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == IngestMetrics.MeterName && i.Name == "funcrec.ingest.dead_letters")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => Interlocked.Add(ref deadLettered, v));
        listener.Start();

        var result = await h.Behavior.IngestAsync(records, default);

        Assert.Equal(new IngestResult(6, 2, 0, 4), result);
        Assert.Equal(4, Interlocked.Read(ref deadLettered));
        Assert.Equal(2, await h.Db.ListLengthAsync(h.Keys.UserSequence("u1")));
        var i = 101;
        foreach (var (reason, bytes) in bad)
        {
            var blob = await h.Operations.GetBlobClient(BlobDeadLetterSink.NameOf(Topic, 2, i)).DownloadContentAsync();
            var letter = JsonSerializer.Deserialize(blob.Value.Content.ToString(), EventJsonContext.Default.DeadLetter)!;
            Assert.Equal(reason, letter.Reason);
            Assert.Equal((Topic, 2, (long)i), (letter.Topic, letter.Partition, letter.Offset));
            Assert.Equal(bytes, letter.Value);
            i++;
        }
    }

    [Fact]
    public async Task IngestAsync_BadBatchRedelivered_KeepsOneDeadLetterPerRecord()
    {
        var h = new IngestHarness(redis, azurite);
        var records = Records(Topic, 0, 0, [Encoding.UTF8.GetBytes("nope"), Encoding.UTF8.GetBytes("[]")]);

        await h.Behavior.IngestAsync(records, default);
        await h.Behavior.IngestAsync(records[1..], default);

        Assert.Equal(2, (await h.DeadLetterNamesAsync()).Count);
    }

    [Fact]
    public async Task IngestAsync_SeededFuzzOfRandomBytesAndMutatedEvents_EveryRecordAppliedOrDeadLettered()
    {
        var h = new IngestHarness(redis, azurite);
        var random = new Random(20_260_110);
        var values = new List<byte[]>();
        for (var n = 0; n < 600; n++)
        {
            values.Add(Fuzz.Next(random));
        }

        var result = await h.Behavior.IngestAsync(Records(Topic, 0, 0, values), default);

        var deadLetters = await h.DeadLetterNamesAsync();
        var seqLength = 0L;
        foreach (var user in Fuzz.Users)
        {
            seqLength += await h.Db.ListLengthAsync(h.Keys.UserSequence(user));
        }

        Assert.Equal(values.Count, result.Received);
        Assert.Equal(values.Count, result.Applied + result.Duplicates + result.DeadLettered);
        Assert.Equal(result.DeadLettered, deadLetters.Count);
        Assert.True(result.DeadLettered > 100, $"fuzz produced only {result.DeadLettered} bad records");
        Assert.True(result.Applied > 50, $"fuzz produced only {result.Applied} valid records");
        Assert.Equal(result.Applied, (long)await h.Db.HashGetAsync(h.Keys.PendingCounters("session-rec"), "events"));
        Assert.True(seqLength > 0);
    }
}
