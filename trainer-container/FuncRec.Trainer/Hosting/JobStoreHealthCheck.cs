using FuncRec.Trainer.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FuncRec.Trainer.Hosting;

/// <summary>Ready when the job store (the operations blob container) answers.</summary>
public sealed class JobStoreHealthCheck(BlobJobStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.IsReachableAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The operations container does not exist.");
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or IOException)
        {
            return HealthCheckResult.Unhealthy("Blob storage is unreachable.", ex);
        }
    }
}
