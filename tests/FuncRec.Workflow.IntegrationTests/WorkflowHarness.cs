using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Features;
using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Gate;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Redis;
using FuncRec.Testing;
using FuncRec.Workflow.Activities;
using FuncRec.Workflow.Admin;
using FuncRec.Workflow.Evaluation;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.Runner;
using FuncRec.Workflow.Scheduling;
using FuncRec.Workflow.State;
using FuncRec.Workflow.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Workflow.IntegrationTests;

/// <summary>Everything the update workflow needs, over the real Redis and Azurite, with a unique key prefix and container.</summary>
internal sealed class WorkflowHarness
{
    public const int Items = 40;
    public const int Dim = 16;
    public const int ClusterSize = 4;

    public WorkflowHarness(RedisFixture redis, AzuriteFixture azurite, Func<WorkflowHarness, ICandidateEvaluator>? evaluator = null)
    {
        Redis = redis.Connection;
        Prefix = redis.KeyPrefix + Guid.NewGuid().ToString("N")[..6] + ":";
        var redisOptions = Options.Create(new RedisOptions { KeyPrefix = Prefix });
        var blobOptions = Options.Create(new BlobStorageOptions { ModelsContainer = AzuriteFixture.NewContainerName("models") });
        Container = azurite.BlobService.GetBlobContainerClient(blobOptions.Value.ModelsContainer);
        State = new UpdateStateStore(Redis, redisOptions);
        Watermarks = new RedisWatermarkSource(Redis, redisOptions);
        Registry = new BlobModelRegistry(azurite.BlobService, blobOptions, TimeProvider.System, NullLogger<BlobModelRegistry>.Instance);
        Evaluator = evaluator?.Invoke(this) ?? new FixedEvaluator(0.5, 0.4);
        Trainer = new FakeTrainer(ProduceAsync);
        Gate = new CandidateGate(Registry, Evaluator, Options.Create(new PromotionGateOptions()));
        Handlers = new UpdateActivityHandlers(State, Watermarks, Registry, Trainer, Gate, TimeProvider.System, NullLogger<UpdateActivityHandlers>.Instance);
        UpdatesOptions = new UpdatesOptions
        {
            Models = ["m1", "m2", "m3"],
            PollInterval = TimeSpan.FromMilliseconds(200),
            TrainingTimeout = TimeSpan.FromSeconds(60),
            ActivityMaxAttempts = 3,
            ActivityFirstRetry = TimeSpan.FromMilliseconds(10),
            RetainVersions = 5,
        };
    }

    public IConnectionMultiplexer Redis { get; }

    public string Prefix { get; }

    public BlobContainerClient Container { get; }

    public UpdateStateStore State { get; }

    public RedisWatermarkSource Watermarks { get; }

    public BlobModelRegistry Registry { get; }

    public ICandidateEvaluator Evaluator { get; }

    public FakeTrainer Trainer { get; }

    public CandidateGate Gate { get; }

    public UpdateActivityHandlers Handlers { get; }

    /// <summary>Handlers over the same state that record into <paramref name="metrics"/>.</summary>
    public UpdateActivityHandlers HandlersWith(UpdateMetrics metrics) =>
        new(State, Watermarks, Registry, Trainer, Gate, TimeProvider.System, NullLogger<UpdateActivityHandlers>.Instance, metrics);

    public UpdatesOptions UpdatesOptions { get; }

    public ConcurrentDictionary<string, int> Invocations { get; } = new(StringComparer.Ordinal);

    /// <summary>How the fake trainer builds a candidate's item embeddings from the parent's (default: a slightly perturbed copy).</summary>
    public Func<float[], float[]> CandidateWeights { get; set; } = parent => parent.Select((v, i) => i < Dim ? 0f : v * 1.01f).ToArray();

    /// <summary>Events ingestion "adds" while the job trains (they must stay pending after the advance).</summary>
    public int LateEventsDuringTraining { get; set; } = 7;

    public FeatureKeys Features => new(Prefix);

    /// <summary>A new runner object over the same Redis: what a restarted process would construct.</summary>
    public LocalWorkflowRunner NewRunner(LocalWorkflowRunnerOptions? options = null)
    {
        var catalog = UpdateWorkflowCatalog.Create(Handlers);
        catalog.BeforeActivity = name =>
        {
            Invocations.AddOrUpdate(name, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        };
        return new LocalWorkflowRunner(Redis, Prefix, catalog,
            Options.Create(options ?? new LocalWorkflowRunnerOptions { InboxPollInterval = TimeSpan.FromMilliseconds(20), LeaseDuration = TimeSpan.FromSeconds(10) }),
            TimeProvider.System, NullLoggerFactory.Instance);
    }

    public UpdateCoordinator Coordinator(IWorkflowClient client) =>
        new(client, State, Registry, Watermarks, new FixedOptionsMonitor<UpdatesOptions>(UpdatesOptions), TimeProvider.System, NullLogger<UpdateCoordinator>.Instance);

    public UpdateAdminHandlers Admin(IWorkflowClient client) =>
        new(Coordinator(client), client, State, Watermarks, Registry, new FixedOptionsMonitor<UpdatesOptions>(UpdatesOptions), TimeProvider.System);

    public UpdateRequest Request(string model, long sequence = 1) => new()
    {
        Model = model,
        Sequence = sequence,
        Trigger = UpdateTrigger.Manual,
        Reason = "test",
        RequestedBy = "test",
        Settings = UpdatesOptions.WorkflowSettings(model),
    };

    /// <summary>A champion v0 as CURRENT, 500 pending events, popularity and ingested watermarks.</summary>
    public async Task SeedAsync(string model, float[]? championWeights = null)
    {
        await TestCheckpoints.WriteVersionAsync(Container, model, "v0", null, TestCheckpoints.Items(Items),
            championWeights ?? TestCheckpoints.ClusteredEmbeddings(Items, Dim, ClusterSize, 1), Dim, DateTimeOffset.UtcNow.AddHours(-1));
        await TestCheckpoints.SetCurrentAsync(Container, model, "v0");
        var db = Redis.GetDatabase();
        await db.HashSetAsync(Features.PendingCounters(model), [new("events", 500), new("new_items", 3), new("new_users", 2), new("catalog_changes", 1)]);
        await db.HashSetAsync(Features.PendingPopularity(model), [new("item1", 300), new("item2", 200)]);
        await db.HashSetAsync(State.Keys.IngestedWatermarks(), [new("funcrec.behavior/0", 1200), new("funcrec.behavior/1", 800)]);
    }

    public async Task<long> PendingEventsAsync(string model) => (long)await Redis.GetDatabase().HashGetAsync(Features.PendingCounters(model), "events");

    private async Task<string> ProduceAsync(TrainingJobSpec spec)
    {
        var version = "v-" + spec.JobId;
        var parentWeights = SafeTensorsFile.Read((await Registry.ReadFileAsync(spec.Model, spec.ParentVersion ?? "v0", CheckpointLayout.WeightsFile))!.ToMemory())
            .Get("item_emb.weight").ToFloats();
        await TestCheckpoints.WriteVersionAsync(Container, spec.Model, version, spec.ParentVersion, TestCheckpoints.Items(Items),
            CandidateWeights(parentWeights), Dim, DateTimeOffset.UtcNow);
        await Redis.GetDatabase().HashIncrementAsync(Features.PendingCounters(spec.Model), "events", LateEventsDuringTraining);
        return version;
    }
}

/// <summary>An IOptionsMonitor with one fixed value.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Thrown from the history hook to abandon a runner at an exact point.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }
}
