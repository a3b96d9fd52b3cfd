using Confluent.Kafka;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Ingestion.Kafka;
using Microsoft.Extensions.Options;

namespace FuncRec.LocalHost.Hosting;

/// <summary>
/// The local stand-in for the batched Kafka triggers: one consumer loop per topic, each batch handed to its
/// ingestor and the offsets committed only after it succeeded (at least once, like the trigger). A batch that
/// is in flight at shutdown is finished, not cancelled, so stopping never leaves a half-applied batch behind.
/// </summary>
public sealed partial class KafkaIngestService(
    BehaviorIngestor behavior,
    CatalogIngestor catalog,
    IOptions<KafkaOptions> kafka,
    IOptions<LocalHostOptions> options,
    ILogger<KafkaIngestService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var k = kafka.Value;
        // Catalog first in its own loop: behaviour batches never wait behind catalog ones, or the reverse.
        return Task.WhenAll(
            Task.Run(() => RunLoop(k.CatalogTopic, CatalogGroup(k), (b, _) => catalog.IngestAsync(b, CancellationToken.None), stoppingToken), stoppingToken),
            Task.Run(() => RunLoop(k.BehaviorTopic, BehaviorGroup(k), (b, _) => behavior.IngestAsync(b, CancellationToken.None), stoppingToken), stoppingToken));
    }

    /// <summary>
    /// The behaviour loop's consumer group: <c>{Kafka:ConsumerGroup}-behavior</c>. Each loop has its own group because
    /// members of one group rebalance together: the catalog loop joining or leaving made the behaviour loop's commit
    /// fail with "rebalance in progress", so a batch drained at shutdown was applied but not committed.
    /// </summary>
    public static string BehaviorGroup(KafkaOptions options) => Group(options, "behavior");

    /// <summary>The catalog loop's consumer group: <c>{Kafka:ConsumerGroup}-catalog</c>.</summary>
    public static string CatalogGroup(KafkaOptions options) => Group(options, "catalog");

    private static string Group(KafkaOptions options, string loop)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"{options.ConsumerGroup}-{loop}";
    }

    private async Task RunLoop(string topic, string group, Func<IReadOnlyList<IngestRecord>, CancellationToken, Task<IngestResult>> ingest, CancellationToken stoppingToken)
    {
        LogStarted(topic);
        while (!stoppingToken.IsCancellationRequested)
        {
            using var consumer = new KafkaBatchConsumer(KafkaClientConfig.Consumer(kafka.Value, group), topic, options.Value.MaxBatchSize, options.Value.MaxBatchWait);
            try
            {
                await consumer.RunAsync(async (batch, ct) => await ingest(batch, ct).ConfigureAwait(false), ex => LogBatchFailed(ex, topic), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (ConsumeException ex)
            {
                // A topic that does not exist yet, a broker restarting: the loop must outlive it, like the trigger.
                LogConsumeFailed(ex, topic);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        LogStopped(topic);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic}")]
    private partial void LogStarted(string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped consuming {Topic}; the batch in flight was completed")]
    private partial void LogStopped(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming {Topic} failed; retrying")]
    private partial void LogConsumeFailed(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch from {Topic} failed; it will be redelivered")]
    private partial void LogBatchFailed(Exception exception, string topic);
}
