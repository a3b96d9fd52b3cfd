using System.Text.Json;
using FuncRec.Core.Updates.Orchestration;

namespace FuncRec.Workflow.Runner;

/// <summary>The orchestrators and activities a local runner can execute, with JSON in and out.</summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<string, Func<IOrchestrationContext, Task<string?>>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string?, CancellationToken, Task<string?>>> _activities = new(StringComparer.Ordinal);

    /// <summary>Creates a catalog serialising with <paramref name="json"/> (source-generated resolvers).</summary>
    public WorkflowCatalog(JsonSerializerOptions json)
    {
        Json = json ?? throw new ArgumentNullException(nameof(json));
    }

    /// <summary>The options payloads are serialised with.</summary>
    public JsonSerializerOptions Json { get; }

    /// <summary>
    /// Called before every activity attempt with the activity name: a diagnostics hook (tests count
    /// invocations with it; hosts may add metrics).
    /// </summary>
    public Func<string, ValueTask>? BeforeActivity { get; set; }

    /// <summary>
    /// Called after an activity attempt returned a result, with the activity name, unless its drive was cancelled
    /// meanwhile (such a result is dropped and the activity runs again): tests count completed executions with it.
    /// </summary>
    public Func<string, ValueTask>? AfterActivity { get; set; }

    /// <summary>Registers an orchestrator.</summary>
    public WorkflowCatalog AddOrchestrator<TOut>(string name, Func<IOrchestrationContext, Task<TOut>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        _orchestrators[name] = async ctx => JsonSerializer.Serialize(await orchestrator(ctx).ConfigureAwait(true), Json.GetTypeInfo(typeof(TOut)));
        return this;
    }

    /// <summary>Registers an activity.</summary>
    public WorkflowCatalog AddActivity<TIn, TOut>(string name, Func<TIn, CancellationToken, Task<TOut>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _activities[name] = async (input, ct) =>
        {
            if (BeforeActivity is { } hook)
            {
                await hook(name).ConfigureAwait(false);
            }

            var typed = input is null ? default! : (TIn)JsonSerializer.Deserialize(input, Json.GetTypeInfo(typeof(TIn)))!;
            var result = await activity(typed, ct).ConfigureAwait(false);
            if (AfterActivity is { } after && !ct.IsCancellationRequested)
            {
                await after(name).ConfigureAwait(false);
            }

            return JsonSerializer.Serialize(result, Json.GetTypeInfo(typeof(TOut)));
        };
        return this;
    }

    internal Func<IOrchestrationContext, Task<string?>>? Orchestrator(string name) => _orchestrators.GetValueOrDefault(name);

    internal Func<string?, CancellationToken, Task<string?>>? Activity(string name) => _activities.GetValueOrDefault(name);
}
