using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Core.Text;
using FuncRec.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Ingestion.Redis;

/// <summary>
/// Writes behaviour features with one Lua script call per chunk of events. The script checks and advances
/// the partition's offset high-water mark in the same atomic step as the updates, which is what makes
/// redelivery (and a crash before the Kafka commit) idempotent without remembering event ids.
/// </summary>
public sealed class RedisBehaviorFeatureStore : IBehaviorFeatureStore
{
    private const int Stride = 6;
    private readonly IConnectionMultiplexer _redis;
    private readonly FeatureKeys _keys;
    private readonly RedisValue[] _header;
    private readonly int _chunk;

    /// <summary>Creates the store over the shared multiplexer.</summary>
    public RedisBehaviorFeatureStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions,
        IOptions<FeatureStoreOptions> options, IOptions<IngestionOptions> ingestion)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ingestion);
        _redis = redis;
        _keys = new FeatureKeys(redisOptions.Value.KeyPrefix);
        _chunk = ingestion.Value.FeatureChunkSize;
        var o = options.Value;
        _header =
        [
            redisOptions.Value.KeyPrefix, RedisValue.Null, RedisValue.Null,
            o.SequenceCap, o.CoVisitationCap, o.CoVisitationDepth, (long)o.CoVisitationWindow.TotalMilliseconds,
            Math.Max(1L, (long)o.TrendingBucket.TotalMilliseconds), Seconds(o.TrendingTtl), Seconds(o.UserTtl),
            Seconds(o.CoVisitationTtl), Seconds(o.QueryTtl), Math.Max(1L, (long)o.AffinityHalfLife.TotalMilliseconds),
            o.EffectivePendingModels.Count,
            .. o.EffectivePendingModels.Select(m => (RedisValue)m),
        ];
    }

    /// <inheritdoc />
    public async Task<FeatureApplyResult> ApplyAsync(string topic, int partition, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var db = _redis.GetDatabase();
        int applied = 0, duplicates = 0;
        // Chunks of one partition run in order: a later chunk must not raise the mark before an earlier one lands.
        for (var start = 0; start < entries.Count; start += _chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_chunk, entries.Count - start);
            var args = new RedisValue[_header.Length + count * Stride];
            _header.CopyTo(args, 0);
            args[1] = _keys.IngestHighWaterMarks(topic);
            args[2] = partition;
            var a = _header.Length;
            for (var i = start; i < start + count; i++)
            {
                var entry = entries[i];
                var e = entry.Event;
                args[a++] = entry.Offset;
                args[a++] = (int)e.Interaction;
                args[a++] = e.UserId;
                args[a++] = e.SequenceItemId ?? string.Empty;
                args[a++] = e.TimestampMs;
                args[a++] = e is SearchPerformed { ClickedItemId: not null } s ? QueryTokenizer.Normalize(s.Query) : string.Empty;
            }

            var result = (RedisResult[])(await db.ScriptEvaluateAsync(LuaScripts.ApplyBehavior, values: args).ConfigureAwait(false))!;
            applied += (int)result[0];
            duplicates += (int)result[1];
        }

        return new FeatureApplyResult(applied, duplicates);
    }

    private static long Seconds(TimeSpan span) => Math.Max(1L, (long)span.TotalSeconds);
}
