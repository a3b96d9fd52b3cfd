using FuncRec.Core.Checkpoints;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Sessions;
using FuncRec.Infrastructure.Blob;
using FuncRec.Ingestion.Blob;
using FuncRec.Serving;
using FuncRec.Serving.Evaluation;
using FuncRec.Serving.Loading;
using FuncRec.Testing;
using FuncRec.Workflow.Evaluation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.IntegrationTests;

/// <summary>
/// The gate's evaluator against real Azurite: behaviour segments written by the ingestion's writer, versions
/// published as the trainer publishes them, and the newest fraction of the window ranked by the serving model.
/// </summary>
public sealed class ServingCandidateEvaluatorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Model = "gate-model";
    private const string Topic = "funcrec.behavior";
    private const int SessionCount = 40;

    [Fact]
    public async Task Evaluate_WindowOnSegments_RanksOnlyTheNewestFractionOfSessions()
    {
        var (evaluator, window, sessions, models) = await ArrangeAsync(championItems: 60);

        var result = await evaluator.EvaluateAsync(new EvaluationRequest(Model, "v-candidate", "v-champion", window, 0.25), CancellationToken.None);

        // floor(40 × 0.25) = 10: the last 10 sessions by first event, which neither model trained on.
        Assert.Contains("(10 sessions)", result.Slice, StringComparison.Ordinal);
        var newest = sessions.Skip(SessionCount - 10).ToList();
        var shared = models.Champion.IdMaps!.ItemIds.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(SessionRanking.Evaluate(models.Candidate, newest, shared, sessionItemsFirst: true).Summary.ToMetrics(), result.Candidate);
        Assert.Equal(SessionRanking.Evaluate(models.Champion, newest, shared, sessionItemsFirst: true).Summary.ToMetrics(), result.Champion);
        Assert.NotEqual(SessionRanking.Evaluate(models.Candidate, newest, shared, sessionItemsFirst: false).Summary.ToMetrics(), result.Candidate);
        Assert.NotEqual(SessionRanking.Evaluate(models.Candidate, sessions.Take(10).ToList(), shared, sessionItemsFirst: true).Summary.ToMetrics(), result.Candidate);
    }

    [Fact]
    public async Task Evaluate_ChampionKnowsFewerItems_CasesRestrictedToItemsBothKnow()
    {
        var (evaluator, window, sessions, _) = await ArrangeAsync(championItems: 30);

        var result = await evaluator.EvaluateAsync(new EvaluationRequest(Model, "v-candidate", "v-champion", window, 0.5), CancellationToken.None);

        // Every case is a prefix of a session reduced to items i1..i30 (the champion's), predicting its next such item.
        var newest = sessions.Skip(SessionCount / 2);
        var expectedCases = newest.Sum(s => Math.Max(0, s.Events.Count(e => ItemNumber(e.ItemId) <= 30) - 1));
        Assert.Equal(expectedCases, result.Candidate["cases"]);
        Assert.Equal(expectedCases, result.Champion!["cases"]);
        var unrestricted = newest.Sum(s => s.Events.Count - 1);
        Assert.True(expectedCases < unrestricted, $"{expectedCases} cases should be fewer than the {unrestricted} of all items");
    }

    [Fact]
    public async Task Evaluate_NoChampion_CandidateAloneOnItsOwnItems()
    {
        var (evaluator, window, sessions, models) = await ArrangeAsync(championItems: 60);

        var result = await evaluator.EvaluateAsync(new EvaluationRequest(Model, "v-candidate", null, window, 0.25), CancellationToken.None);

        Assert.Null(result.Champion);
        Assert.Equal(SessionRanking.Evaluate(models.Candidate, sessions.Skip(SessionCount - 10).ToList(), null, sessionItemsFirst: true).Summary.ToMetrics(), result.Candidate);
    }

    [Fact]
    public async Task Evaluate_WindowWithoutWatermarks_ThrowsWithReason()
    {
        var (evaluator, _, _, _) = await ArrangeAsync(championItems: 60);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            evaluator.EvaluateAsync(new EvaluationRequest(Model, "v-candidate", null, new DataWindow { DatasetSlice = "diginetica:0-1" }, 0.25), CancellationToken.None));
        Assert.Contains("no watermarks", ex.Message, StringComparison.Ordinal);
    }

    private static int ItemNumber(string itemId) => int.Parse(itemId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(ServingCandidateEvaluator Evaluator, DataWindow Window, List<SessionSequence> Sessions, (Serving.Model.ServingModel Candidate, Serving.Model.ServingModel Champion) Models)> ArrangeAsync(int championItems)
    {
        var options = Options.Create(new BlobStorageOptions
        {
            SegmentsContainer = AzuriteFixture.NewContainerName("gate-segments"),
            ModelsContainer = AzuriteFixture.NewContainerName("gate-models"),
        });
        var service = azurite.BlobService;
        var sessions = await WriteSegmentsAsync(new BlobSegmentWriter(service, options));
        var window = new DataWindow
        {
            From = new Dictionary<string, long> { [$"{Topic}/0"] = 0, [$"{Topic}/1"] = 0 },
            To = new Dictionary<string, long>
            {
                [$"{Topic}/0"] = sessions.Where((_, i) => i % 2 == 0).Sum(s => s.Events.Count),
                [$"{Topic}/1"] = sessions.Where((_, i) => i % 2 == 1).Sum(s => s.Events.Count),
            },
        };

        var publisher = new ModelVersionPublisher(service.GetBlobContainerClient(options.Value.ModelsContainer), Model);
        await publisher.PublishAsync("v-champion", Weights(championItems, seed: 2), setCurrent: true);
        await publisher.PublishAsync("v-candidate", Weights(60, seed: 1), setCurrent: false);
        var loader = new ModelLoader(service, options, Options.Create(new ServingOptions { Model = "some-other-model" }));
        var models = (await loader.LoadAsync(Model, "v-candidate", CancellationToken.None), await loader.LoadAsync(Model, "v-champion", CancellationToken.None));
        var evaluator = new ServingCandidateEvaluator(
            new SegmentWindowSource(new BlobSegmentReader(service, options)), loader, Options.Create(new UpdatesOptions()), NullLogger<ServingCandidateEvaluator>.Instance);
        return (evaluator, window, sessions, models);
    }

    private static ModelWeightsBuilder Weights(int items, int seed) =>
        new ModelWeightsBuilder().WithShape(16, 6, 1, 2, 32).WithItems(items, 5).WithSeed(seed);

    /// <summary>
    /// 40 sessions in time order, alternating between two partitions, with 3-7 views and carts over items i1..i60;
    /// each partition's events go out as two segments, as two ingest batches would write them.
    /// </summary>
    private static async Task<List<SessionSequence>> WriteSegmentsAsync(BlobSegmentWriter writer)
    {
        var random = new Random(17);
        var sessions = new List<SessionSequence>();
        var entries = new List<BehaviorSegmentEntry>[] { [], [] };
        var start = DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        for (var s = 0; s < SessionCount; s++)
        {
            var partition = s % 2;
            var events = new List<SessionEvent>();
            var length = random.Next(3, 8);
            for (var i = 0; i < length; i++)
            {
                var item = $"i{random.Next(1, 61)}";
                var cart = random.Next(5) == 0;
                events.Add(new SessionEvent(item, cart ? InteractionType.AddToCart : InteractionType.View));
                BehaviorEvent e = cart
                    ? new ItemAddedToCart { EventId = $"e{s}-{i}", UserId = $"u{s}", SessionId = $"s{s}", ItemId = item, TimestampMs = start + (s * 60_000) + (i * 1_000) }
                    : new ItemViewed { EventId = $"e{s}-{i}", UserId = $"u{s}", SessionId = $"s{s}", ItemId = item, TimestampMs = start + (s * 60_000) + (i * 1_000) };
                entries[partition].Add(new BehaviorSegmentEntry(partition, entries[partition].Count, e));
            }

            sessions.Add(new SessionSequence($"s{s}", events));
        }

        for (var p = 0; p < 2; p++)
        {
            var half = entries[p].Count / 2;
            await writer.WriteBehaviorAsync(Topic, p, 0, half - 1, entries[p][..half], CancellationToken.None);
            await writer.WriteBehaviorAsync(Topic, p, half, entries[p].Count - 1, entries[p][half..], CancellationToken.None);
        }

        return sessions;
    }
}
