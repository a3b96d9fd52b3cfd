using FuncRec.Core.Training;

namespace FuncRec.Workflow.Trainer;

/// <summary>The trainer's job API: <c>POST /jobs</c> and <c>GET /jobs/{id}</c>.</summary>
public interface ITrainerClient
{
    /// <summary>Submits a job; submitting an existing job id returns that job's status (idempotent).</summary>
    Task<TrainingJobStatus> SubmitAsync(TrainingJobSpec spec, CancellationToken cancellationToken);

    /// <summary>The job's status, or null when the trainer does not know the id.</summary>
    Task<TrainingJobStatus?> GetStatusAsync(string jobId, CancellationToken cancellationToken);
}
