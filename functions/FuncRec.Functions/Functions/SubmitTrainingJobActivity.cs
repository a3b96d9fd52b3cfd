using FuncRec.Core.Training;
using FuncRec.Core.Updates;
using FuncRec.Workflow.Activities;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>Activity <see cref="UpdateActivities.SubmitTrainingJob"/>: POST /jobs on the trainer, idempotent by job id.</summary>
public sealed class SubmitTrainingJobActivity(UpdateActivityHandlers handlers)
{
    /// <summary>Calls <see cref="UpdateActivityHandlers.SubmitTrainingJobAsync"/>.</summary>
    [Function(UpdateActivities.SubmitTrainingJob)]
    public Task<TrainingJobStatus> Run([ActivityTrigger] TrainingJobSpec spec, CancellationToken cancellationToken) =>
        handlers.SubmitTrainingJobAsync(spec, cancellationToken);
}
