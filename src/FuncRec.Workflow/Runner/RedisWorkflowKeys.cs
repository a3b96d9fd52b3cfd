namespace FuncRec.Workflow.Runner;

/// <summary>
/// Redis keys of the local runner (after the deployment prefix): <c>wf:{id}:meta</c> HASH (name, status,
/// input, output, error, customStatus, createdUtc, updatedUtc), <c>wf:{id}:history</c> LIST of JSON
/// <see cref="HistoryEvent"/>s (append-only), <c>wf:{id}:inbox</c> LIST of raised, undelivered events,
/// <c>wf:{id}:lease</c> STRING owner token with a TTL, and <c>wf:instances</c> SET of every instance id.
/// </summary>
/// <param name="Prefix">The deployment key prefix.</param>
internal sealed record RedisWorkflowKeys(string Prefix)
{
    public string Meta(string id) => $"{Prefix}wf:{id}:meta";

    public string History(string id) => $"{Prefix}wf:{id}:history";

    public string Inbox(string id) => $"{Prefix}wf:{id}:inbox";

    public string Lease(string id) => $"{Prefix}wf:{id}:lease";

    public string Instances() => $"{Prefix}wf:instances";
}
