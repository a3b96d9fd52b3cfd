using FuncRec.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Workflow.State;

/// <summary>The per-partition watermarks ingestion has durably processed (the ingestion side implements or feeds it).</summary>
public interface IWatermarkSource
{
    /// <summary><c>{topic}/{partition}</c> to the next offset not yet ingested.</summary>
    Task<IReadOnlyDictionary<string, long>> GetIngestedAsync(CancellationToken cancellationToken);
}

/// <summary>Reads <see cref="UpdateKeys.IngestedWatermarks"/>, a HASH ingestion keeps up to date.</summary>
public sealed class RedisWatermarkSource(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IWatermarkSource
{
    private readonly UpdateKeys _keys = new(options.Value.KeyPrefix);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> GetIngestedAsync(CancellationToken cancellationToken)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(_keys.IngestedWatermarks()).ConfigureAwait(false);
        return entries.Where(e => e.Value.TryParse(out long _))
            .ToDictionary(e => e.Name.ToString(), e => (long)e.Value, StringComparer.Ordinal);
    }
}
