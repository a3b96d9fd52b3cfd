using System.Net;
using System.Net.Http.Json;
using FuncRec.Core.Training;

namespace FuncRec.Workflow.Trainer;

/// <summary>
/// <see cref="ITrainerClient"/> over HTTP. A 409 on submit means the job id exists: its status is fetched
/// instead, so a retried SubmitTrainingJob never starts a second job. Non-success codes throw, which the
/// workflow's activity retry policy handles.
/// </summary>
public sealed class HttpTrainerClient(HttpClient http) : ITrainerClient
{
    /// <inheritdoc />
    public async Task<TrainingJobStatus> SubmitAsync(TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var response = await http.PostAsJsonAsync("jobs", spec, TrainingJsonContext.Default.TrainingJobSpec, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return await GetStatusAsync(spec.JobId, cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException($"trainer answered 409 for job {spec.JobId} but does not know it");
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(TrainingJsonContext.Default.TrainingJobStatus, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("trainer returned an empty job status");
    }

    /// <inheritdoc />
    public async Task<TrainingJobStatus?> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        using var response = await http.GetAsync(new Uri("jobs/" + Uri.EscapeDataString(jobId), UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(TrainingJsonContext.Default.TrainingJobStatus, cancellationToken).ConfigureAwait(false);
    }
}
