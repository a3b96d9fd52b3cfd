using System.Globalization;
using FuncRec.Core.Events;
using FuncRec.Core.Features;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Ingestion.Redis;

/// <summary>
/// Writes item metadata with one Lua script call per chunk: offset high-water mark for redelivery, and a
/// timestamp comparison per item so that an older event never overwrites a newer one.
/// </summary>
public sealed class RedisCatalogFeatureStore : ICatalogFeatureStore
{
    private const int Stride = 9;
    private readonly IConnectionMultiplexer _redis;
    private readonly FeatureKeys _keys;
    private readonly RedisValue[] _header;
    private readonly int _chunk;

    /// <summary>Creates the store over the shared multiplexer.</summary>
    public RedisCatalogFeatureStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions,
        IOptions<FeatureStoreOptions> options, IOptions<IngestionOptions> ingestion)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ingestion);
        _redis = redis;
        _keys = new FeatureKeys(redisOptions.Value.KeyPrefix);
        _chunk = ingestion.Value.FeatureChunkSize;
        var models = options.Value.EffectivePendingModels;
        _header = [redisOptions.Value.KeyPrefix, RedisValue.Null, RedisValue.Null, models.Count, .. models.Select(m => (RedisValue)m)];
    }

    /// <inheritdoc />
    public async Task<FeatureApplyResult> ApplyAsync(string topic, int partition, IReadOnlyList<CatalogSegmentEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var db = _redis.GetDatabase();
        int applied = 0, duplicates = 0, superseded = 0;
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
                args[a++] = entry.Offset;
                args[a++] = entry.Event is CatalogItemUpserted ? "u" : "d";
                args[a++] = entry.Event.ItemId;
                args[a++] = entry.Event.TimestampMs;
                if (entry.Event is CatalogItemUpserted u)
                {
                    args[a++] = string.Join('/', u.CategoryPath);
                    args[a++] = u.Brand ?? string.Empty;
                    args[a++] = u.Price is { } price ? price.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
                    args[a++] = u.InStock ? "1" : "0";
                    args[a++] = string.Join(' ', u.TitleTokens);
                }
                else
                {
                    for (var k = 0; k < 5; k++)
                    {
                        args[a++] = RedisValue.EmptyString;
                    }
                }
            }

            var result = (RedisResult[])(await db.ScriptEvaluateAsync(LuaScripts.ApplyCatalog, values: args).ConfigureAwait(false))!;
            // The script counts superseded events among the applied ones; the result reports them apart.
            applied += (int)result[0] - (int)result[2];
            duplicates += (int)result[1];
            superseded += (int)result[2];
        }

        return new FeatureApplyResult(applied, duplicates, superseded);
    }
}
