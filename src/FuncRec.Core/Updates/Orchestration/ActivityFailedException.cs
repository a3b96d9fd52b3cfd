namespace FuncRec.Core.Updates.Orchestration;

/// <summary>An activity failed after all its retries (the local runner's counterpart of Durable's TaskFailedException).</summary>
public sealed class ActivityFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActivityFailedException(string activityName, string message)
        : base($"Activity '{activityName}' failed: {message}")
    {
        ActivityName = activityName;
    }

    /// <summary>Creates the exception with no details.</summary>
    public ActivityFailedException()
    {
        ActivityName = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ActivityFailedException(string message)
        : base(message)
    {
        ActivityName = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActivityFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ActivityName = string.Empty;
    }

    /// <summary>The activity that failed.</summary>
    public string ActivityName { get; }
}
