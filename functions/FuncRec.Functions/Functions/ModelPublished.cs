using FuncRec.Functions.Hosting;
using FuncRec.Serving.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>
/// A new <c>models/{model}/CURRENT</c> pointer (Event Grid blob trigger) → <see cref="ModelHolder.ReloadAsync"/> with
/// <c>force: true</c>, so this instance swaps to the promoted version at once instead of at its next ETag poll. The
/// function name is <see cref="FunctionNames.ModelPointerChanged"/>, which docs/deploy.md subscribes to Event Grid.
/// A pointer of a model this app does not serve reloads nothing (the holder re-reads its own CURRENT and finds it unchanged).
/// </summary>
public sealed class ModelPublished(ModelHolder holder)
{
    /// <summary>Reloads the serving model.</summary>
    [Function(FunctionNames.ModelPointerChanged)]
    public Task Run(
        [BlobTrigger(BindingSettings.ModelsContainer + "/models/{model}/CURRENT", Source = BlobTriggerSource.EventGrid)] string current,
        string model,
        CancellationToken cancellationToken) =>
        holder.ReloadAsync(force: true, cancellationToken);
}
