using Confluent.Kafka;
using FuncRec.Core.Ingestion;

namespace FuncRec.Ingestion.Kafka;

/// <summary>
/// The local stand-in for the batched Kafka trigger: polls a topic, hands each batch to a handler and
/// commits offsets only after the handler returns (at-least-once). When the handler throws, the
/// consumer rewinds to the batch's first offsets and delivers it again.
/// </summary>
public sealed class KafkaBatchConsumer : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxWait;

    /// <summary>Creates a consumer subscribed to <paramref name="topic"/>.</summary>
    public KafkaBatchConsumer(ConsumerConfig config, string topic, int maxBatch = 1000, TimeSpan? maxWait = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        // librdkafka lets a fetch wait up to 500 ms for data by default, which would dominate freshness.
        config.FetchWaitMaxMs ??= 10;
        _consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        _consumer.Subscribe(topic);
        _maxBatch = maxBatch;
        _maxWait = maxWait ?? TimeSpan.FromMilliseconds(20);
    }

    /// <summary>Runs until cancelled. <paramref name="onError"/> sees handler failures before the retry.</summary>
    public async Task RunAsync(Func<IReadOnlyList<IngestRecord>, CancellationToken, Task> handler, Action<Exception>? onError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var batch = new List<IngestRecord>(_maxBatch);
        var positions = new List<ConsumeResult<byte[], byte[]>>();
        while (!cancellationToken.IsCancellationRequested)
        {
            batch.Clear();
            positions.Clear();
            Fill(batch, positions, cancellationToken);
            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await handler(batch, cancellationToken).ConfigureAwait(false);
                foreach (var last in positions.GroupBy(p => p.TopicPartition).Select(g => g.MaxBy(p => p.Offset.Value)!))
                {
                    _consumer.StoreOffset(last);
                }

                _consumer.Commit();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                onError?.Invoke(ex);
                foreach (var first in positions.GroupBy(p => p.TopicPartition).Select(g => g.MinBy(p => p.Offset.Value)!))
                {
                    _consumer.Seek(first.TopicPartitionOffset);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Leaves the group and closes the consumer.</summary>
    public void Dispose()
    {
        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
            // Closing a consumer whose broker is already gone must not hide the caller's own exception.
        }

        _consumer.Dispose();
    }

    private void Fill(List<IngestRecord> batch, List<ConsumeResult<byte[], byte[]>> positions, CancellationToken ct)
    {
        var first = _consumer.Consume(TimeSpan.FromMilliseconds(100));
        if (first is null || ct.IsCancellationRequested)
        {
            return;
        }

        Add(first);
        var deadline = DateTime.UtcNow + _maxWait;
        while (batch.Count < _maxBatch)
        {
            var wait = deadline - DateTime.UtcNow;
            var next = _consumer.Consume(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            Add(next);
        }

        void Add(ConsumeResult<byte[], byte[]> r)
        {
            if (r.IsPartitionEOF)
            {
                return;
            }

            positions.Add(r);
            batch.Add(new IngestRecord(r.Topic, r.Partition.Value, r.Offset.Value, r.Message.Key ?? [], r.Message.Value ?? [], r.Message.Timestamp.UnixTimestampMs));
        }
    }
}
