using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Workflow.Runner;

namespace FuncRec.Workflow.Activities;

/// <summary>Builds the local runner's catalog: the update orchestrator plus its activities.</summary>
public static class UpdateWorkflowCatalog
{
    /// <summary>A catalog with <see cref="UpdateWorkflow"/> and every activity bound to <paramref name="handlers"/>.</summary>
    public static WorkflowCatalog Create(UpdateActivityHandlers handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        return new WorkflowCatalog(UpdateJsonContext.Default.Options)
            .AddOrchestrator(UpdateActivities.Orchestrator, UpdateWorkflow.RunAsync)
            .AddActivity<FreezeWindowInput, FrozenWindow>(UpdateActivities.FreezeWindow, handlers.FreezeWindowAsync)
            .AddActivity<TrainingJobSpec, TrainingJobStatus>(UpdateActivities.SubmitTrainingJob, handlers.SubmitTrainingJobAsync)
            .AddActivity<string, TrainingJobStatus>(UpdateActivities.GetTrainingJobStatus, handlers.GetTrainingJobStatusAsync)
            .AddActivity<EvaluateCandidateInput, CandidateVerdict>(UpdateActivities.EvaluateCandidate, handlers.EvaluateCandidateAsync)
            .AddActivity<PromoteCandidateInput, PromotionResult>(UpdateActivities.PromoteCandidate, handlers.PromoteCandidateAsync)
            .AddActivity<AdvanceWatermarkInput, bool>(UpdateActivities.AdvanceWatermark, handlers.AdvanceWatermarkAsync)
            .AddActivity<ApplyRetentionInput, int>(UpdateActivities.ApplyRetention, handlers.ApplyRetentionAsync)
            .AddActivity<UpdateOutcome, bool>(UpdateActivities.RecordOutcome, handlers.RecordOutcomeAsync);
    }
}
