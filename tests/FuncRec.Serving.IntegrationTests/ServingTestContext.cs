using FuncRec.Core.Features;
using FuncRec.Infrastructure.Redis;
using FuncRec.Serving.Features;
using FuncRec.Serving.Handlers;
using FuncRec.Serving.Hosting;
using FuncRec.Serving.Model;
using FuncRec.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FuncRec.Serving.IntegrationTests;

/// <summary>Handlers wired to the real Redis of a fixture, each context under its own key prefix.</summary>
internal sealed class ServingTestContext
{
    public ServingTestContext(RedisFixture redis, IServingModelSource models, ServingOptions? options = null, SearchOptions? search = null)
    {
        Options = options ?? new ServingOptions();
        var prefix = redis.KeyPrefix + Guid.NewGuid().ToString("N")[..8] + ":";
        var keys = new FeatureKeys(prefix);
        Features = new FeatureDataBuilder(redis.Connection.GetDatabase(), keys, Options.TrendingBucketMinutes);
        var store = new ServingFeatureStore(
            redis.Connection,
            Microsoft.Extensions.Options.Options.Create(new RedisOptions { KeyPrefix = prefix }),
            Microsoft.Extensions.Options.Options.Create(Options));
        Handlers = new ScoringHandlers(models, store, Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(search ?? new SearchOptions()), NullLogger<ScoringHandlers>.Instance);
    }

    public ServingOptions Options { get; }

    public FeatureDataBuilder Features { get; }

    public ScoringHandlers Handlers { get; }

    /// <summary>A 200-item model over 8 categories (items i1..i200, categories c1..c8) with d=16.</summary>
    public static ServingModel SmallModel(int seed = 11)
    {
        var builder = new ModelWeightsBuilder().WithShape(16, 10, 2, 2, 64).WithItems(200, 8).WithSeed(seed);
        return ServingModel.Load(builder.BuildWeights(), builder.IdMaps, $"v-test-{seed}");
    }
}
