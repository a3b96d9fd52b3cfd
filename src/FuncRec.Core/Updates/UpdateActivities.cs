namespace FuncRec.Core.Updates;

/// <summary>Activity names of the update workflow (the Durable function names and the local runner's keys).</summary>
public static class UpdateActivities
{
    /// <summary>Orchestrator name.</summary>
    public const string Orchestrator = "UpdateOrchestration";

    /// <summary>External event the trainer's callback raises, with a TrainingJobStatus payload.</summary>
    public const string TrainingCompletedEvent = "TrainingCompleted";

    /// <summary>FreezeWindowInput to FrozenWindow: fix the window and snapshot the pending counters.</summary>
    public const string FreezeWindow = nameof(FreezeWindow);

    /// <summary>TrainingJobSpec to TrainingJobStatus: POST /jobs (idempotent by job id).</summary>
    public const string SubmitTrainingJob = nameof(SubmitTrainingJob);

    /// <summary>Job id to TrainingJobStatus: GET /jobs/{id} (the polling fallback).</summary>
    public const string GetTrainingJobStatus = nameof(GetTrainingJobStatus);

    /// <summary>EvaluateCandidateInput to CandidateVerdict: evaluation on the held-out slice, sanity checks, gate.</summary>
    public const string EvaluateCandidate = nameof(EvaluateCandidate);

    /// <summary>PromoteCandidateInput to PromotionResult: ETag compare-and-swap on CURRENT plus the promotion log.</summary>
    public const string PromoteCandidate = nameof(PromoteCandidate);

    /// <summary>AdvanceWatermarkInput to bool: subtract the frozen snapshot from the pending counters, once.</summary>
    public const string AdvanceWatermark = nameof(AdvanceWatermark);

    /// <summary>ApplyRetentionInput to int (versions deleted).</summary>
    public const string ApplyRetention = nameof(ApplyRetention);

    /// <summary>UpdateOutcome to bool: append to the outcome log and update the pacing state, once per job.</summary>
    public const string RecordOutcome = nameof(RecordOutcome);

    /// <summary>The singleton instance id of a model's update workflow.</summary>
    public static string InstanceId(string model) => $"update-{model}";

    /// <summary>The idempotent trainer job id of run <paramref name="sequence"/>, resubmission <paramref name="attempt"/>.</summary>
    public static string JobId(string instanceId, long sequence, int attempt = 0) =>
        attempt == 0 ? $"{instanceId}-{sequence:D6}" : $"{instanceId}-{sequence:D6}-r{attempt}";
}
