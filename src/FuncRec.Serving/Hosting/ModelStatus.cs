namespace FuncRec.Serving.Hosting;

/// <summary>What the model holder serves and the last failure, for health endpoints and logs.</summary>
/// <param name="ServingVersion">The version being served, or null before the first load.</param>
/// <param name="LoadedUtc">When it was swapped in.</param>
/// <param name="FailedVersion">The last version that failed to load or verify (never served), or null.</param>
/// <param name="LastError">Why it failed.</param>
/// <param name="FailedUtc">When it failed.</param>
public sealed record ModelStatus(string? ServingVersion, DateTimeOffset? LoadedUtc, string? FailedVersion, string? LastError, DateTimeOffset? FailedUtc);

/// <summary>Outcomes of <see cref="ModelHolder.ReloadAsync"/>.</summary>
public enum ModelReloadOutcome
{
    /// <summary>CURRENT has not changed (same ETag or same version): nothing was loaded.</summary>
    Unchanged,

    /// <summary>A new version was loaded, verified and swapped in.</summary>
    Loaded,

    /// <summary>Loading or verification failed; the previous version keeps serving.</summary>
    Failed,

    /// <summary>There is no CURRENT pointer yet.</summary>
    NoPointer,
}

/// <summary>The result of one reload attempt.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Version">The version CURRENT named, when read.</param>
/// <param name="Error">The failure, when <see cref="ModelReloadOutcome.Failed"/>.</param>
public sealed record ModelReloadResult(ModelReloadOutcome Outcome, string? Version, string? Error = null);
