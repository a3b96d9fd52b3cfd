using FuncRec.Infrastructure.Kafka;

namespace FuncRec.LocalHost.Commands;

/// <summary>
/// <c>funcrec-local kafka</c>: runs the Kafka-protocol broker (librdkafka mock cluster) in the foreground,
/// creates the FuncRec topics (other topics are created on first use), prints the bootstrap servers and runs until Ctrl+C.
/// </summary>
public static class KafkaBrokerCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var brokers = 1;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--brokers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var b) && b > 0:
                    brokers = b;
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown or incomplete option '{args[i]}'. usage: kafka [--brokers N]").ConfigureAwait(false);
                    return 2;
            }
        }

        using var broker = KafkaMockBroker.Start(brokers);
        var defaults = new KafkaOptions();
        var topics = broker.EnsureTopics([defaults.BehaviorTopic, defaults.CatalogTopic, defaults.DeadLetterTopic]);
        Console.WriteLine($"Kafka-protocol broker (librdkafka mock cluster, {brokers} broker(s), in memory) is running.");
        Console.WriteLine($"topics: {string.Join(", ", topics.Select(t => $"{t.Key} ({t.Value} partitions)"))}");
        Console.WriteLine($"bootstrap.servers={broker.BootstrapServers}");
        Console.WriteLine("Press Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("broker stopped");
        return 0;
    }
}
