using System.Net;
using System.Net.Http.Json;
using FuncRec.Core.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Callbacks;

/// <summary>
/// POSTs a job's final <see cref="TrainingJobStatus"/> (the workflow's TrainingCompleted payload) to its callback URL, retrying with exponential backoff while
/// the receiver is unreachable or answers 408, 429 or 5xx. Other 4xx answers are final: retrying will not help.
/// </summary>
public sealed partial class CallbackSender(HttpClient http, IOptions<CallbackOptions> options, TimeProvider time, ILogger<CallbackSender> logger)
{
    /// <summary>The named HttpClient this sender uses.</summary>
    public const string HttpClientName = "trainer-callback";

    /// <summary>The header the Functions host reads a function or host key from.</summary>
    public const string FunctionKeyHeader = "x-functions-key";

    /// <summary>Delivers <paramref name="callback"/> (a terminal status); true once the receiver answered 2xx.</summary>
    public async Task<bool> SendAsync(Uri url, TrainingJobStatus callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(callback);
        var o = options.Value;
        var delay = o.InitialDelay;
        for (var attempt = 1; attempt <= o.MaxAttempts; attempt++)
        {
            string failure;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(o.AttemptTimeout);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        Content = JsonContent.Create(callback, TrainingJsonContext.Default.TrainingJobStatus),
                    };
                    if (!string.IsNullOrEmpty(o.FunctionKey))
                    {
                        request.Headers.Add(FunctionKeyHeader, o.FunctionKey);
                    }

                    using var response = await http.SendAsync(request, attemptTimeout.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        LogDelivered(logger, callback.JobId, url, attempt);
                        return true;
                    }

                    failure = $"HTTP {(int)response.StatusCode}";
                    if (!IsTransient(response.StatusCode))
                    {
                        LogRejected(logger, callback.JobId, url, (int)response.StatusCode);
                        return false;
                    }
                }
                catch (HttpRequestException ex)
                {
                    failure = ex.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"no answer within {o.AttemptTimeout.TotalSeconds:0.#} s";
                }
            }

            if (attempt == o.MaxAttempts)
            {
                LogGaveUp(logger, callback.JobId, url, attempt, failure);
                return false;
            }

            LogRetrying(logger, callback.JobId, url, attempt, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, o.MaxDelay.Ticks));
        }

        return false;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: callback delivered to {Url} on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string jobId, Uri url, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: callback to {Url} attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string jobId, Uri url, int attempt, string failure, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: callback to {Url} failed after {Attempts} attempts ({Failure}); the workflow must poll GET /jobs/{JobId}")]
    private static partial void LogGaveUp(ILogger logger, string jobId, Uri url, int attempts, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: callback receiver {Url} rejected the callback with HTTP {Status}; not retried")]
    private static partial void LogRejected(ILogger logger, string jobId, Uri url, int status);
}
