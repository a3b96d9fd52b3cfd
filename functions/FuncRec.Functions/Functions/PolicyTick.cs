using FuncRec.Functions.Hosting;
using FuncRec.Workflow.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FuncRec.Functions.Functions;

/// <summary>
/// The policy timer: <see cref="UpdateCoordinator.TickAsync"/> evaluates the update policy for every configured model and
/// starts the singleton orchestration <c>update-{model}</c> when it is due and none is running, or records one coalesced
/// follow-up when one is (the coordinator asks the Durable client through <see cref="DurableWorkflowClient"/>).
/// </summary>
public sealed class PolicyTick(UpdateCoordinator coordinator)
{
    /// <summary>Runs on <c>%FUNCREC_POLICY_TICK_SCHEDULE%</c> (six-field NCRONTAB).</summary>
    [Function(FunctionNames.PolicyTick)]
    public async Task Run(
        [TimerTrigger(BindingSettings.PolicyTickSchedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        using var bound = DurableWorkflowClient.Bind(client);
        await coordinator.TickAsync(cancellationToken).ConfigureAwait(false);
    }
}
