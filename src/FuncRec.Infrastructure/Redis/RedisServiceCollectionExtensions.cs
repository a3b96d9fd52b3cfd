using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Infrastructure.Redis;

/// <summary>Registers the one shared <see cref="IConnectionMultiplexer"/>.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RedisOptions"/> and registers a lazily connected singleton multiplexer. One
    /// multiplexer per process is how StackExchange.Redis is meant to be used: it pipelines every caller.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecRedis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>()
            .Bind(builder.Configuration.GetSection(RedisOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            return Connect(options.ConnectionString);
        });
        return builder;
    }

    /// <summary>Connects with settings suited to a pipelined feature store.</summary>
    public static ConnectionMultiplexer Connect(string connectionString)
    {
        var config = ConfigurationOptions.Parse(connectionString);
        config.AbortOnConnectFail = false;
        config.ConnectRetry = Math.Max(config.ConnectRetry, 3);
        return ConnectionMultiplexer.Connect(config);
    }
}
