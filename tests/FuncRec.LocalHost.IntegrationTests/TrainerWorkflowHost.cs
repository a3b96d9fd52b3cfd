using System.Collections.Concurrent;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;
using FuncRec.Infrastructure.Kafka;
using FuncRec.LocalHost.Hosting;
using FuncRec.Testing;
using FuncRec.Workflow.Activities;
using FuncRec.Workflow.Registry;
using FuncRec.Workflow.Runner;
using FuncRec.Workflow.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.LocalHost.IntegrationTests;

/// <summary>
/// The local host exactly as <c>funcrec-local</c> builds it (<see cref="LocalHostBuilder.Build"/>: the trainer's job
/// service and the TorchSharp executor in-process, the gate's registered evaluator, the admin callback route), over
/// the shared Redis, Azurite and broker, with a tiny CPU model. Its own workflow worker is stopped: the tests drive
/// the update instances with runners they construct (restarts, crashes, counting), over the same Redis keys.
/// </summary>
internal sealed class TrainerWorkflowHost : IAsyncDisposable
{
    public const string Model = "session-rec";

    private readonly EmbeddedServices _embedded;
    private readonly string _behaviorTopic;
    private long _nextOffset;

    private TrainerWorkflowHost(WebApplication app, EmbeddedServices embedded, string prefix, string behaviorTopic)
    {
        App = app;
        _embedded = embedded;
        Prefix = prefix;
        _behaviorTopic = behaviorTopic;
    }

    public WebApplication App { get; }

    public string Prefix { get; }

    public IServiceProvider Services => App.Services;

    public IModelRegistry Registry => Services.GetRequiredService<IModelRegistry>();

    /// <summary>Activity executions begun, by activity name (every attempt).</summary>
    public ConcurrentDictionary<string, int> Started { get; } = new(StringComparer.Ordinal);

    /// <summary>Activity executions that returned a result their drive could record, by activity name.</summary>
    public ConcurrentDictionary<string, int> Completed { get; } = new(StringComparer.Ordinal);

    public static async Task<TrainerWorkflowHost> StartAsync(RedisFixture redis, AzuriteFixture azurite, KafkaFixture kafka, params string[] extra)
    {
        var prefix = $"{redis.KeyPrefix}{Guid.NewGuid():N}"[..(redis.KeyPrefix.Length + 6)] + ":";
        var fixtures = FixtureArgs.Create(redis, azurite, kafka, prefix, "wf");
        var behavior = fixtures.BehaviorTopic;
        string[] args =
        [
            .. fixtures.Args,
            // Nothing but the test starts updates, and the host's own worker never drives them.
            "--Updates:Policy:Enabled=false",
            "--Updates:Runner:WorkerPollInterval=00:10:00",
            "--Updates:PolicyTickInterval=01:00:00",
            "--Updates:PollInterval=00:00:01",
            "--Updates:ActivityFirstRetry=00:00:00.200",
            // A tiny model, one thread: seconds per job on a shared 2-core machine.
            "--Model:Dim=16",
            "--Model:MaxLength=10",
            "--Model:Blocks=1",
            "--Model:Heads=1",
            "--Model:QueryBuckets=64",
            "--Training:Epochs=3",
            "--Training:IncrementalEpochs=2",
            "--Training:BatchSize=32",
            "--Training:LearningRate=0.005",
            "--Training:Negatives=64",
            "--Trainer:Threads=1",
            "--Serving:PollInterval=00:01:00",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];

        var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
        var embedded = await EmbeddedServices.StartMissingAsync(configuration, CancellationToken.None);
        var app = LocalHostBuilder.Build(args, embedded);
        await app.StartAsync();
        foreach (var worker in app.Services.GetServices<IHostedService>().OfType<LocalWorkflowWorker>())
        {
            await worker.StopAsync(CancellationToken.None);
        }

        return new TrainerWorkflowHost(app, embedded, prefix, behavior);
    }

    /// <summary>
    /// Appends <paramref name="sessions"/> to the behaviour topic's segments (partition 0, offsets continuing) with the
    /// ingestion's own segment writer, and counts them as pending, as the behaviour ingestor does.
    /// </summary>
    public async Task IngestAsync(IReadOnlyList<IReadOnlyList<BehaviorEvent>> sessions)
    {
        var first = _nextOffset;
        var entries = sessions.SelectMany(s => s).Select(e => new BehaviorSegmentEntry(0, _nextOffset++, e)).ToList();
        await Services.GetRequiredService<ISegmentWriter>().WriteBehaviorAsync(_behaviorTopic, 0, first, _nextOffset - 1, entries, CancellationToken.None);
        var db = Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await db.HashIncrementAsync(new FeatureKeys(Prefix).PendingCounters(Model), "events", entries.Count);
    }

    /// <summary>Starts an update of <see cref="Model"/> as an admin request would (the coordinator, its sequence and settings).</summary>
    public async Task<string> StartUpdateAsync(string reason)
    {
        var dispatch = await Services.GetRequiredService<UpdateCoordinator>().EvaluateAsync(Model, new ManualUpdateRequest("test", reason), CancellationToken.None);
        Assert.True(dispatch.Started, dispatch.Message);
        return dispatch.InstanceId;
    }

    /// <summary>
    /// A new runner over the host's Redis keys, as a restarted process would construct, whose catalog runs the
    /// host's real activity handlers and counts every execution begun and completed. <paramref name="historyAppended"/>
    /// becomes the runner's hook; once it throws (a simulated crash), activities still in flight on that runner are not
    /// counted as completed, since a process that died could not have finished them.
    /// </summary>
    public LocalWorkflowRunner NewRunner(Func<HistoryEvent, ValueTask>? historyAppended = null)
    {
        var crashed = false;
        var catalog = UpdateWorkflowCatalog.Create(Services.GetRequiredService<UpdateActivityHandlers>());
        catalog.BeforeActivity = name =>
        {
            Started.AddOrUpdate(name, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        };
        catalog.AfterActivity = name =>
        {
            if (!Volatile.Read(ref crashed))
            {
                Completed.AddOrUpdate(name, 1, (_, n) => n + 1);
            }

            return ValueTask.CompletedTask;
        };
        var runner = new LocalWorkflowRunner(
            Services.GetRequiredService<IConnectionMultiplexer>(), Prefix, catalog,
            Options.Create(new LocalWorkflowRunnerOptions { LeaseDuration = TimeSpan.FromSeconds(20), InboxPollInterval = TimeSpan.FromMilliseconds(50) }),
            TimeProvider.System, Services.GetRequiredService<ILoggerFactory>());
        if (historyAppended is not null)
        {
            // An external event (the trainer's callback) can be appended while a status poll runs on the thread pool;
            // a real crash there would take the poll down with it.
            runner.HistoryAppended = async evt =>
            {
                try
                {
                    await historyAppended(evt).ConfigureAwait(false);
                }
                catch
                {
                    Volatile.Write(ref crashed, true);
                    throw;
                }
            };
        }

        return runner;
    }

    /// <summary>Drives <paramref name="instanceId"/> to its end with one runner.</summary>
    public async Task<UpdateOutcome> RunToEndAsync(string instanceId)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var status = await NewRunner().RunAsync(instanceId, guard.Token);
        Assert.True(status?.RuntimeStatus == WorkflowRuntimeStatus.Completed, $"{status?.RuntimeStatus} {status?.Error}");
        return System.Text.Json.JsonSerializer.Deserialize(status!.Output!, UpdateJsonContext.Default.UpdateOutcome)!;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await App.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // A job still training when the test ended: the hard stop is what the test asked for.
        }

        await App.DisposeAsync();
        await _embedded.DisposeAsync();
    }
}
