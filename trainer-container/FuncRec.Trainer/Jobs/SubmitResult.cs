using FuncRec.Core.Training;

namespace FuncRec.Trainer.Jobs;

/// <summary>How a submission was handled.</summary>
public enum SubmitOutcome
{
    /// <summary>A new job was queued (HTTP 202).</summary>
    Accepted,

    /// <summary>A FailedRetryable job with the same spec was queued again (HTTP 202).</summary>
    Retried,

    /// <summary>The job id exists with the same spec; nothing new started (HTTP 200).</summary>
    Existing,

    /// <summary>The job id exists with a different spec (HTTP 409).</summary>
    Conflict,
}

/// <summary>The outcome of a submission and the job's status after it.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Status">The job's status now.</param>
public sealed record SubmitResult(SubmitOutcome Outcome, TrainingJobStatus Status);
