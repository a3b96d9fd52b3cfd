namespace FuncRec.Core.Updates.Orchestration;

/// <summary>
/// Activity retry policy, the same four numbers as Durable's <c>RetryPolicy(maxNumberOfAttempts,
/// firstRetryInterval, backoffCoefficient, maxRetryInterval)</c>.
/// </summary>
/// <param name="MaxNumberOfAttempts">Attempts in total, including the first.</param>
/// <param name="FirstRetryInterval">Delay before the second attempt.</param>
/// <param name="BackoffCoefficient">Multiplier of the delay per further attempt.</param>
/// <param name="MaxRetryInterval">Cap of the delay; null for none.</param>
public sealed record RetryOptions(int MaxNumberOfAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient = 2.0, TimeSpan? MaxRetryInterval = null)
{
    /// <summary>The delay before attempt <paramref name="attempt"/> (2-based: the first retry is attempt 2).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var ms = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, Math.Max(0, attempt - 2));
        var delay = TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
        return MaxRetryInterval is { } max && delay > max ? max : delay;
    }
}
