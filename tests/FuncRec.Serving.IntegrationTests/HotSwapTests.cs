using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using FuncRec.Core.Features;
using FuncRec.Infrastructure.Blob;
using FuncRec.Serving.Handlers;
using FuncRec.Serving.Hosting;
using FuncRec.Serving.Loading;
using FuncRec.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FuncRec.Serving.IntegrationTests;

public sealed class HotSwapTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const string ModelName = "session-rec";

    private (ModelHolder Holder, ModelVersionPublisher Publisher, ServingOptions Options) NewHolder()
    {
        var containerName = AzuriteFixture.NewContainerName("m");
        var options = new ServingOptions { Model = ModelName, PollInterval = TimeSpan.FromMilliseconds(50) };
        var loader = new ModelLoader(azurite.BlobService, Options.Create(new BlobStorageOptions { ModelsContainer = containerName }), Options.Create(options));
        var publisher = new ModelVersionPublisher(azurite.BlobService.GetBlobContainerClient(containerName), ModelName);
        return (new ModelHolder(loader, NullLogger<ModelHolder>.Instance), publisher, options);
    }

    /// <summary>Version n has 100 + 10n items (append-only growth) and its own random weights.</summary>
    private static ModelWeightsBuilder Version(int n) =>
        new ModelWeightsBuilder().WithShape(32, 20, 2, 2, 128).WithItems(100 + (10 * n), 6).WithSeed(100 + n);

    private static string VersionName(int n) => $"v{n:D4}";

    [Fact]
    public async Task Requests_ContinuousAcrossSeveralSwapsViaWatcher_ZeroFailuresAndMonotonicVersions()
    {
        var (holder, publisher, options) = NewHolder();
        await publisher.PublishAsync(VersionName(1), Version(1));
        Assert.Equal(ModelReloadOutcome.Loaded, (await holder.ReloadAsync()).Outcome);
        var context = new ServingTestContext(redis, holder, options);
        await context.Features.HistoryAsync("hot", ("i1", InteractionType.View), ("i2", InteractionType.Click), ("i3", InteractionType.View));
        using var watcher = new ModelWatcher(holder, Options.Create(options), NullLogger<ModelWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var observed = new List<string>[3];
        var loops = Enumerable.Range(0, observed.Length).Select(w => Task.Run(async () =>
        {
            var seen = observed[w] = [];
            while (!stop.IsCancellationRequested)
            {
                var result = w == 2
                    ? await context.Handlers.SearchAsync(new SearchRequest("red shoes", "hot", 10))
                    : await context.Handlers.RecommendAsync(new RecommendRequest("hot", 10));
                if (!result.IsSuccess || result.Value!.Items.Count != 10)
                {
                    failures.Enqueue($"{result.StatusCode} {result.Problem?.Detail} items={result.Value?.Items.Count}");
                }
                else
                {
                    seen.Add(result.Value.ModelVersion);
                }
            }
        })).ToArray();

        for (var n = 2; n <= 5; n++)
        {
            await publisher.PublishAsync(VersionName(n), Version(n));
            await WaitForVersionAsync(holder, VersionName(n));
            // Let requests run on the new version before the next swap.
            var count = observed.Sum(o => o.Count);
            await WaitUntilAsync(() => observed.Sum(o => o.Count) > count + 20);
        }

        await stop.CancelAsync();
        await Task.WhenAll(loops);
        await watcher.StopAsync(CancellationToken.None);

        Assert.Empty(failures);
        foreach (var seen in observed)
        {
            Assert.NotEmpty(seen);
            for (var i = 1; i < seen.Count; i++)
            {
                Assert.True(string.CompareOrdinal(seen[i - 1], seen[i]) <= 0, $"version went from {seen[i - 1]} back to {seen[i]}");
            }

            Assert.Equal(VersionName(5), seen[^1]);
        }

        Assert.True(observed.SelectMany(o => o).Distinct().Count() >= 4, "requests observed fewer than four versions");
    }

    [Fact]
    public async Task Reload_VersionWithBadSha256_IsRejectedAndOldVersionKeepsServing()
    {
        var (holder, publisher, options) = NewHolder();
        await publisher.PublishAsync(VersionName(1), Version(1));
        await holder.ReloadAsync();
        var context = new ServingTestContext(redis, holder, options);
        await context.Features.HistoryAsync("c1", ("i4", InteractionType.View));

        await publisher.PublishAsync(VersionName(2), Version(2), corruptWeightsSha: true);
        var reload = await holder.ReloadAsync();
        var again = await holder.ReloadAsync();
        var served = await context.Handlers.RecommendAsync(new RecommendRequest("c1", 5));

        Assert.Equal(ModelReloadOutcome.Failed, reload.Outcome);
        Assert.Contains("sha256 of weights.safetensors", reload.Error);
        Assert.Equal(ModelReloadOutcome.Unchanged, again.Outcome);
        Assert.Equal(VersionName(1), holder.Current!.Version);
        Assert.Equal(VersionName(2), holder.Status.FailedVersion);
        Assert.Equal(VersionName(1), holder.Status.ServingVersion);
        Assert.Equal(200, served.StatusCode);
        Assert.Equal(VersionName(1), served.Value!.ModelVersion);

        // A good version published afterwards is picked up: the bad one did not wedge the holder.
        await publisher.PublishAsync(VersionName(3), Version(3));
        Assert.Equal(ModelReloadOutcome.Loaded, (await holder.ReloadAsync()).Outcome);
        Assert.Equal(VersionName(3), holder.Current!.Version);
    }

    [Fact]
    public async Task Reload_MissingFileOrPointer_ReportsWithoutServing()
    {
        var (holder, publisher, _) = NewHolder();

        var none = await holder.ReloadAsync();
        await publisher.SetCurrentAsync("v9999");
        var missing = await holder.ReloadAsync(force: true);

        Assert.Equal(ModelReloadOutcome.NoPointer, none.Outcome);
        Assert.Equal(ModelReloadOutcome.Failed, missing.Outcome);
        Assert.Contains("manifest.json does not exist", missing.Error);
        Assert.Null(holder.Current);
    }

    [Fact]
    public async Task Reload_WeightsThatDisagreeWithIdMap_AreRejected()
    {
        var (holder, publisher, _) = NewHolder();
        await publisher.PublishAsync(VersionName(1), Version(1));
        await holder.ReloadAsync();
        // Weights for 120 items with an id map of 130: valid sha256s, inconsistent content.
        var weights = new ModelWeightsBuilder().WithShape(32, 20, 2, 2, 128).WithItems(120, 6).WithSeed(7).BuildWeights();
        var idMap = new ModelWeightsBuilder().WithItems(130, 6).BuildIdMap();
        await publisher.PublishFilesAsync(VersionName(2), weights, idMap);

        var reload = await holder.ReloadAsync();

        Assert.Equal(ModelReloadOutcome.Failed, reload.Outcome);
        Assert.Contains("idmap has 131 item", reload.Error);
        Assert.Equal(VersionName(1), holder.Current!.Version);
    }

    [Fact]
    public async Task Reload_GarbageWeightsWithMatchingSha256_AreRejected()
    {
        var (holder, publisher, _) = NewHolder();
        await publisher.PublishAsync(VersionName(1), Version(1));
        await holder.ReloadAsync();
        var garbage = new byte[4096];
        new Random(3).NextBytes(garbage);
        BitConverter.TryWriteBytes(garbage.AsSpan(0, 8), 64L);

        await publisher.PublishFilesAsync(VersionName(2), garbage, Version(2).BuildIdMap());
        var reload = await holder.ReloadAsync();

        Assert.Equal(ModelReloadOutcome.Failed, reload.Outcome);
        Assert.StartsWith(VersionName(2), reload.Error);
        Assert.Equal(VersionName(1), holder.Current!.Version);
    }

    private static async Task WaitForVersionAsync(ModelHolder holder, string version)
    {
        await WaitUntilAsync(() => holder.Current?.Version == version, $"holder never served {version}; status {holder.Status}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string? message = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message ?? "condition not met within 60 s");
            await Task.Delay(20);
        }
    }
}
