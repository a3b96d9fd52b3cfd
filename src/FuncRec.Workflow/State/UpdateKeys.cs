namespace FuncRec.Workflow.State;

/// <summary>
/// Redis keys of the update orchestration (after the deployment prefix). The pending counters themselves
/// are <c>FeatureKeys.PendingCounters</c>/<c>PendingPopularity</c>, written by ingestion.
/// </summary>
/// <param name="Prefix">The deployment key prefix.</param>
public sealed record UpdateKeys(string Prefix)
{
    /// <summary>
    /// HASH <c>{topic}/{partition}</c> to the next offset ingestion has durably processed (segments written,
    /// counters incremented). Ingestion writes it (HSET, monotonic); FreezeWindow reads it as the window's end.
    /// </summary>
    public string IngestedWatermarks() => $"{Prefix}ingest:watermarks";

    /// <summary>HASH <c>{topic}/{partition}</c> to the next offset the serving version of the model has consumed.</summary>
    public string ConsumedWatermarks(string model) => $"{Prefix}upd:{model}:consumed";

    /// <summary>HASH snapshot of the pending counters taken by FreezeWindow for one job.</summary>
    public string FrozenCounters(string model, string jobId) => $"{Prefix}upd:{model}:frozen:{jobId}";

    /// <summary>HASH snapshot of the pending popularity taken by FreezeWindow for one job.</summary>
    public string FrozenPopularity(string model, string jobId) => $"{Prefix}upd:{model}:frozen:{jobId}:itemcounts";

    /// <summary>Marker that AdvanceWatermark has applied a job's snapshot (exactly once).</summary>
    public string Advanced(string model, string jobId) => $"{Prefix}upd:{model}:advanced:{jobId}";

    /// <summary>HASH item popularity of the window the serving version trained on (the drift baseline).</summary>
    public string TrainedPopularity(string model) => $"{Prefix}upd:{model}:trained:itemcounts";

    /// <summary>LIST of recent outcomes as JSON, newest first, capped at 50.</summary>
    public string Outcomes(string model) => $"{Prefix}upd:{model}:outcomes";

    /// <summary>Marker that RecordOutcome has recorded a job (exactly once).</summary>
    public string Recorded(string model, string jobId) => $"{Prefix}upd:{model}:recorded:{jobId}";

    /// <summary>HASH of pacing state: consecutiveFailures, lastFailureUtc, lastFullRetrainUtc, budgetDay, budgetMinutes.</summary>
    public string Pacing(string model) => $"{Prefix}upd:{model}:pacing";

    /// <summary>
    /// HASH <c>{topic}/{partition}</c> to offset: the window end of the last rejected or failed run (plus a
    /// <c>_set</c> marker, so an empty window is still recorded); deleted by a promotion.
    /// </summary>
    public string UnsuccessfulWindow(string model) => $"{Prefix}upd:{model}:unsuccessful";

    /// <summary>STRING JSON of the one coalesced follow-up request.</summary>
    public string FollowUp(string model) => $"{Prefix}upd:{model}:followup";

    /// <summary>STRING counter of workflow runs (the job id sequence).</summary>
    public string Sequence(string model) => $"{Prefix}upd:{model}:seq";
}
