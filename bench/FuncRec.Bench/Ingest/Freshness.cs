using System.Diagnostics;
using Confluent.Kafka;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Ingestion.Kafka;
using StackExchange.Redis;

namespace FuncRec.Bench.Ingest;

/// <summary>
/// Produce-to-visible delay: events are produced to the Kafka-protocol broker at a steady rate; a
/// <see cref="KafkaBatchConsumer"/> feeds the ingestor; an event is visible once IngestAsync has returned
/// (its Lua script has run). Delay = that moment minus the record's CreateTime set by the producer.
/// </summary>
internal static class Freshness
{
    public sealed record Summary(int Count, double P50, double P99, double Max, string Stages);

    public static async Task<Summary> MeasureAsync(IConnectionMultiplexer redis, string blob, IReadOnlyList<byte[]> values, int rate, int seconds)
    {
        using var broker = KafkaMockBroker.Start();
        var topic = "funcrec.behavior.fresh";
        broker.EnsureTopics([topic]);
        var options = new KafkaOptions { BootstrapServers = broker.BootstrapServers };
        var timer = new StageTimer();
        var rig = new IngestRig(redis, blob, "fresh:", timer);
        var total = Math.Min(values.Count, rate * seconds);
        var delays = new List<double>(total);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 60));
        var consumerConfig = KafkaClientConfig.Consumer(options, "fresh");
        // librdkafka's default lets a fetch wait up to 500 ms for data; a latency-sensitive loop asks for less.
        consumerConfig.FetchWaitMaxMs = 5;
        using var consumer = new KafkaBatchConsumer(consumerConfig, topic, maxBatch: 2000, maxWait: TimeSpan.FromMilliseconds(5));
        var consuming = Task.Run(() => consumer.RunAsync(async (batch, ct) =>
        {
            await rig.Behavior.IngestAsync(batch, ct);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            lock (delays)
            {
                delays.AddRange(batch.Select(r => (double)(now - r.TimestampMs)));
                if (delays.Count >= total)
                {
                    cts.Cancel();
                }
            }
        }, null, cts.Token));

        // Let the consumer join its group before the clock starts.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var gc = new GcPauseMonitor();
        using (var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(options)).Build())
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < total; i++)
            {
                // Pace to the target rate: event i is due at i / rate seconds.
                var due = TimeSpan.FromSeconds((double)i / rate);
                var wait = due - stopwatch.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                producer.Produce(topic, new Message<byte[], byte[]> { Key = BitConverter.GetBytes(i % 10_000), Value = values[i], Timestamp = new Timestamp(DateTime.UtcNow) });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        try
        {
            await consuming;
        }
        catch (OperationCanceledException)
        {
        }

        await gc.DisposeAsync();
        var stages = timer.Summary() + "; " + gc.Summary();
        delays.Sort();
        return delays.Count == 0
            ? new Summary(0, double.NaN, double.NaN, double.NaN, stages)
            : new Summary(delays.Count, delays[(int)(delays.Count * 0.5)], delays[Math.Min(delays.Count - 1, (int)(delays.Count * 0.99))], delays[^1], stages);
    }
}
