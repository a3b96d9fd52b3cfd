using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Redis;
using FuncRec.Serving.Features;
using FuncRec.Serving.Handlers;
using FuncRec.Serving.Hosting;
using FuncRec.Serving.Loading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Azure.Storage.Blobs;

namespace FuncRec.Serving;

/// <summary>Registers serving: options, feature reads, the model holder and watcher, and the handlers.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ServingOptions"/> and <see cref="SearchOptions"/> (validated at start), registers
    /// Redis and blob storage when the host has not, <see cref="ModelHolder"/> as the
    /// <see cref="IServingModelSource"/>, the <see cref="ModelWatcher"/> hosted service and <see cref="ScoringHandlers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecServing(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ServingOptions>()
            .Bind(builder.Configuration.GetSection(ServingOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultK <= o.MaxK, $"{ServingOptions.SectionName}: DefaultK must not exceed MaxK.")
            .ValidateOnStart();
        builder.Services.AddOptions<SearchOptions>()
            .Bind(builder.Configuration.GetSection(SearchOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (!builder.Services.Any(s => s.ServiceType == typeof(IConnectionMultiplexer)))
        {
            builder.AddFuncRecRedis();
        }

        if (!builder.Services.Any(s => s.ServiceType == typeof(BlobServiceClient)))
        {
            builder.AddFuncRecBlobStorage();
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ServingFeatureStore>();
        builder.Services.TryAddSingleton<ModelLoader>();
        builder.Services.TryAddSingleton<ModelHolder>();
        builder.Services.TryAddSingleton<IServingModelSource>(sp => sp.GetRequiredService<ModelHolder>());
        builder.Services.TryAddSingleton<ScoringHandlers>();
        builder.Services.AddHostedService<ModelWatcher>();
        return builder;
    }
}
