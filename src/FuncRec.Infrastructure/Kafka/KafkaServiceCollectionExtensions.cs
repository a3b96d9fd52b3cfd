using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FuncRec.Infrastructure.Kafka;

/// <summary>Binds the Kafka settings every component reads (topics, brokers, consumer group).</summary>
public static class KafkaServiceCollectionExtensions
{
    /// <summary>Binds <see cref="KafkaOptions"/> from <c>Kafka</c>, validated at start.</summary>
    public static IHostApplicationBuilder AddFuncRecKafka(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<KafkaOptions>()
            .Bind(builder.Configuration.GetSection(KafkaOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
