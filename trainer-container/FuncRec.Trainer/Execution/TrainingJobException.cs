namespace FuncRec.Trainer.Execution;

/// <summary>A training job failed for a reason worth telling the caller in words.</summary>
public sealed class TrainingJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingJobException()
    {
    }

    /// <summary>Creates a non-retryable failure.</summary>
    public TrainingJobException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a non-retryable failure with its cause.</summary>
    public TrainingJobException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a failure, retryable when a transient condition caused it.</summary>
    public TrainingJobException(string message, bool retryable, Exception? innerException = null)
        : base(message, innerException)
    {
        Retryable = retryable;
    }

    /// <summary>True when posting the job again may succeed (the job ends FailedRetryable, not Failed).</summary>
    public bool Retryable { get; }
}
