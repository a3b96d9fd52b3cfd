using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.GetTrainingJobStatus"/>: GET /jobs/{id} on the trainer: the polling fallback to the callback.</summary>
public sealed class GetTrainingJobStatusActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.GetTrainingJobStatusAsync"/>.</summary>
    [Function(UpdateActivities.GetTrainingJobStatus)]
    public Task<TrainingJobStatus> Run([ActivityTrigger] string jobId, CancellationToken cancellationToken) =>
        handlers.GetTrainingJobStatusAsync(jobId, cancellationToken);
}
