using System.Text.Json.Serialization;

namespace FuncRec.Core.Training;

/// <summary>The lifecycle of a trainer job. Succeeded, Failed and FailedRetryable are terminal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingJobState>))]
public enum TrainingJobState
{
    /// <summary>Accepted and waiting for the device.</summary>
    Queued,

    /// <summary>Training on the device now.</summary>
    Running,

    /// <summary>Finished; <see cref="TrainingJobStatus.ProducedVersion"/> names the version written.</summary>
    Succeeded,

    /// <summary>Failed for a reason a retry will not fix (a bad spec, missing data, a bug).</summary>
    Failed,

    /// <summary>
    /// Failed for a transient reason (the trainer restarted mid-job, storage was unreachable); posting the
    /// same job id and spec again retries it.
    /// </summary>
    FailedRetryable,
}

/// <summary>Helpers for <see cref="TrainingJobState"/>.</summary>
public static class TrainingJobStates
{
    /// <summary>True for states a job never leaves on its own.</summary>
    public static bool IsTerminal(this TrainingJobState state) =>
        state is TrainingJobState.Succeeded or TrainingJobState.Failed or TrainingJobState.FailedRetryable;
}
