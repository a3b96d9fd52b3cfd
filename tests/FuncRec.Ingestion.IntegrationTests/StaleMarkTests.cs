using FuncRec.Core.Events;
using FuncRec.Testing;
using static FuncRec.Ingestion.IntegrationTests.EventBuilder;

namespace FuncRec.Ingestion.IntegrationTests;

/// <summary>
/// The behaviour store aggregates a chunk against the high-water mark it expects; these cover a store whose
/// expectation is stale because another store instance (another consumer, a restart) advanced the mark.
/// </summary>
public sealed class StaleMarkTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const string Topic = "funcrec.behavior";

    private static BehaviorEvent[] Events(int count)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(i => (BehaviorEvent)(random.Next(4) == 0
            ? Purchase($"u{random.Next(4)}", $"i{random.Next(10)}", T(100 - i * 0.5))
            : View($"u{random.Next(4)}", $"i{random.Next(10)}", T(100 - i * 0.5))))];
    }

    [Fact]
    public async Task IngestAsync_AnotherStoreAdvancedTheMark_AppliesOnlyTheOffsetsAboveIt()
    {
        var records = Records(Topic, 0, 0, Events(120));
        var once = new IngestHarness(redis, azurite);
        await once.Behavior.IngestAsync(records, default);
        var prefix = $"{redis.KeyPrefix}{Guid.NewGuid():N}"[..20] + ":";
        var a = new IngestHarness(redis, azurite, prefix: prefix);
        var b = new IngestHarness(redis, azurite, prefix: prefix);

        await a.Behavior.IngestAsync(records[..40], default);
        // b starts later and takes over the partition; a still expects the mark it set (39).
        var fromB = await b.Behavior.IngestAsync(records[20..80], default);
        var fromA = await a.Behavior.IngestAsync(records[40..], default);

        Assert.Equal((40, 20), (fromB.Applied, fromB.Duplicates));
        Assert.Equal((40, 40), (fromA.Applied, fromA.Duplicates));
        Assert.Equal(Strip(await once.SnapshotAsync(), once.Prefix), Strip(await a.SnapshotAsync(), a.Prefix));
    }

    private static SortedDictionary<string, string> Strip(SortedDictionary<string, string> snapshot, string prefix) =>
        new(snapshot.ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value), StringComparer.Ordinal);
}
