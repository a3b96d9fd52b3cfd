using FuncRec.Workflow;
using FuncRec.Workflow.Runner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FuncRec.Functions.Hosting;

/// <summary>The update workflow on Durable Functions.</summary>
public static class DurableHostingExtensions
{
    /// <summary>
    /// Registers <see cref="DurableWorkflowClient"/> as the core's <see cref="IWorkflowClient"/>, then the core's
    /// <c>AddFuncRecUpdates</c> (options <c>Updates</c>, <c>Updates:Gate</c>, <c>Updates:Trainer</c>; state store,
    /// registry, trainer client, activities, coordinator, admin handlers). The orchestrator and activities are the
    /// functions in Functions/; the Durable extension runs them.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecDurableUpdates(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IWorkflowClient, DurableWorkflowClient>();

        // Unless Updates__CallbackBaseUrl is set, the trainer calls back on this app's own host name (App Service sets
        // WEBSITE_HOSTNAME); admin routes are served under ops/ (see HttpRoutes), and the key goes as x-functions-key.
        var hostName = builder.Configuration["WEBSITE_HOSTNAME"];
        builder.Services.PostConfigure<UpdatesOptions>(o =>
        {
            if (o.CallbackBaseUrl is null && !string.IsNullOrEmpty(hostName))
            {
                o.CallbackBaseUrl = new Uri($"https://{hostName}/api/ops/");
            }
        });
        return builder.AddFuncRecUpdates();
    }
}
