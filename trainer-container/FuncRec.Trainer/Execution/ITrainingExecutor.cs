using FuncRec.Core.Training;

namespace FuncRec.Trainer.Execution;

/// <summary>
/// Runs one training job to completion on the device: reads the job's data, warm-starts from the parent
/// when asked, trains, evaluates and writes a complete version through the checkpoint layout. The job
/// service owns queueing, state, retries and callbacks; an executor only trains.
/// </summary>
public interface ITrainingExecutor
{
    /// <summary>
    /// Trains <paramref name="spec"/>, reporting progress as a fraction 0..1, and returns the version it wrote.
    /// </summary>
    /// <exception cref="TrainingJobException">The job cannot succeed (or may on retry, see <see cref="TrainingJobException.Retryable"/>).</exception>
    /// <exception cref="OperationCanceledException">The trainer is shutting down; the job is reported retryable.</exception>
    Task<TrainingJobResult> RunAsync(TrainingJobSpec spec, IProgress<double> progress, CancellationToken cancellationToken);
}
