using FuncRec.Trainer.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace FuncRec.Trainer.Hosting;

/// <summary>The HTTP job service (<c>serve</c>): built here so tests host exactly what the container runs.</summary>
public static class TrainerService
{
    /// <summary>
    /// Builds the service from command-line <paramref name="args"/> (ASP.NET Core's: <c>--urls</c>,
    /// <c>--environment</c>, <c>--Section:Key=value</c>). <paramref name="configureServices"/> runs before the
    /// defaults, so what it registers (an <see cref="Execution.ITrainingExecutor"/>, a TimeProvider) wins.
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configureServices?.Invoke(builder.Services);
        builder.AddTrainerCore();
        builder.AddTrainingData();
        builder.AddTrainingExecutor();
        builder.AddJobCallbacks();
        builder.AddTrainerJobService();
        builder.AddTrainerAuth();

        var app = builder.Build();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health");
        app.MapJobEndpoints();
        return app;
    }
}
