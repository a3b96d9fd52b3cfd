using System.Collections.Concurrent;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Ingestion.Redis;

/// <summary>
/// Writes behaviour features with one Lua script call per chunk of events. The script checks and advances
/// the partition's offset high-water mark in the same atomic step as the updates, which is what makes
/// redelivery (and a crash before the Kafka commit) idempotent without remembering event ids.
/// </summary>
/// <remarks>
/// The events are aggregated here (<see cref="BehaviorDeltas"/>) against the mark this store expects, so the
/// script gets one count per distinct key and member. The script applies them only if the stored mark is
/// still the expected one; if not (first call for a partition after a restart, another consumer got there
/// first), it writes nothing and returns the stored mark, and the chunk is rebuilt from that.
/// </remarks>
public sealed class RedisBehaviorFeatureStore : IBehaviorFeatureStore
{
    // A mismatch means another writer advanced the mark; each retry starts from the newer mark, so a few suffice.
    private const int MaxAttempts = 8;
    private readonly IConnectionMultiplexer _redis;
    private readonly FeatureKeys _keys;
    private readonly RedisValue[] _header;
    private readonly int _chunk;
    private readonly FeatureStoreOptions _options;
    private readonly RedisValue _prefix;
    private readonly RedisKey _leafIndex;
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _marks = new();
    private readonly ConcurrentBag<BehaviorDeltas> _deltas = [];

    /// <summary>Creates the store over the shared multiplexer.</summary>
    public RedisBehaviorFeatureStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions,
        IOptions<FeatureStoreOptions> options, IOptions<IngestionOptions> ingestion)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ingestion);
        _redis = redis;
        _keys = new FeatureKeys(redisOptions.Value.KeyPrefix);
        _prefix = redisOptions.Value.KeyPrefix;
        _leafIndex = _keys.ItemLeafCategories();
        _chunk = ingestion.Value.FeatureChunkSize;
        _options = options.Value;
        var o = _options;
        var models = o.EffectivePendingModels;
        _header = new RedisValue[16 + models.Count];
        RedisValue[] fixedPart =
        [
            redisOptions.Value.KeyPrefix, RedisValue.Null, RedisValue.Null, RedisValue.Null, RedisValue.Null, RedisValue.Null,
            o.SequenceCap, o.CoVisitationCap, o.CoVisitationDepth, (long)o.CoVisitationWindow.TotalMilliseconds,
            Seconds(o.TrendingTtl), Seconds(o.UserTtl), Seconds(o.CoVisitationTtl), Seconds(o.QueryTtl),
            HalfLifeMs(o), models.Count,
        ];
        fixedPart.CopyTo(_header, 0);
        for (var m = 0; m < models.Count; m++)
        {
            _header[16 + m] = models[m];
        }
    }

    /// <inheritdoc />
    public async Task<FeatureApplyResult> ApplyAsync(string topic, int partition, IReadOnlyList<BehaviorSegmentEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var db = _redis.GetDatabase();
        var hwmKey = _keys.IngestHighWaterMarks(topic);
        var header = (RedisValue[])_header.Clone();
        header[1] = hwmKey;
        header[2] = partition;
        var o = _options;
        // One instance per partition in flight, reused: its collections keep their capacity between chunks.
        if (!_deltas.TryTake(out var deltas))
        {
            deltas = new BehaviorDeltas(_keys, o.CoVisitationDepth, (long)o.CoVisitationWindow.TotalMilliseconds, HalfLifeMs(o),
                Math.Max(1L, (long)o.TrendingBucket.TotalMilliseconds));
        }

        try
        {
            return await ApplyAsync(db, topic, partition, hwmKey, entries, header, deltas, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _deltas.Add(deltas);
        }
    }

    private async Task<FeatureApplyResult> ApplyAsync(IDatabase db, string topic, int partition, string hwmKey, IReadOnlyList<BehaviorSegmentEntry> entries,
        RedisValue[] header, BehaviorDeltas deltas, CancellationToken cancellationToken)
    {
        if (!_marks.TryGetValue((topic, partition), out var mark))
        {
            var stored = await db.HashGetAsync(hwmKey, partition).ConfigureAwait(false);
            mark = stored.IsNull ? -1 : (long)stored;
        }

        int applied = 0, duplicates = 0;
        // Chunks of one partition run in order: a later chunk must not raise the mark before an earlier one lands.
        for (var start = 0; start < entries.Count; start += _chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_chunk, entries.Count - start);
            for (var attempt = 1; ; attempt++)
            {
                deltas.Build(entries, start, count, mark);
                var leaves = await LeafCategoriesAsync(db, deltas.Items).ConfigureAwait(false);
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(LuaScripts.ApplyBehavior, values: deltas.ToArguments(header, mark, leaves)).ConfigureAwait(false))!;
                if ((long)result[0] == 1)
                {
                    applied += deltas.Applied;
                    duplicates += count - deltas.Applied;
                    mark = deltas.Last;
                    break;
                }

                // The stored mark differs from the expected one: nothing was written; rebuild from the stored mark.
                mark = (long)result[1];
                if (attempt == MaxAttempts)
                {
                    _marks.TryRemove((topic, partition), out _);
                    throw new InvalidOperationException($"The high-water mark of {topic}/{partition} kept moving during {MaxAttempts} attempts.");
                }
            }
        }

        _marks[(topic, partition)] = mark;
        return new FeatureApplyResult(applied, duplicates);
    }

    /// <summary>
    /// The leaf category of each item from the index (one HMGET); items the index lacks are filled from their
    /// catalog hashes by a script that also records them. Read before the apply script, like any catalog input:
    /// a catalog change landing in between counts from the next chunk on, as if it had arrived a moment later.
    /// </summary>
    private async Task<RedisValue[]> LeafCategoriesAsync(IDatabase db, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var fields = new RedisValue[items.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = items[i];
        }

        var leaves = await db.HashGetAsync(_leafIndex, fields).ConfigureAwait(false);
        var missing = 0;
        foreach (var leaf in leaves)
        {
            missing += leaf.IsNull ? 1 : 0;
        }

        if (missing == 0)
        {
            return leaves;
        }

        var args = new RedisValue[missing + 1];
        args[0] = _prefix;
        var m = 1;
        for (var i = 0; i < leaves.Length; i++)
        {
            if (leaves[i].IsNull)
            {
                args[m++] = fields[i];
            }
        }

        var filled = (RedisValue[])(await db.ScriptEvaluateAsync(LuaScripts.LookupLeaf, values: args).ConfigureAwait(false))!;
        m = 0;
        for (var i = 0; i < leaves.Length; i++)
        {
            if (leaves[i].IsNull)
            {
                leaves[i] = filled[m++];
            }
        }

        return leaves;
    }

    private static long Seconds(TimeSpan span) => Math.Max(1L, (long)span.TotalSeconds);

    private static long HalfLifeMs(FeatureStoreOptions o) => Math.Max(1L, (long)o.AffinityHalfLife.TotalMilliseconds);
}
