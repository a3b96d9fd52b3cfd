using System.ComponentModel.DataAnnotations;

namespace FuncRec.Infrastructure.Redis;

/// <summary>Connection to the online feature store.</summary>
public sealed class RedisOptions
{
    /// <summary>Configuration section (<c>Redis__ConnectionString</c> in app settings).</summary>
    public const string SectionName = "Redis";

    /// <summary>StackExchange.Redis configuration string. Default: <c>localhost:6379</c>.</summary>
    [Required]
    public string ConnectionString { get; set; } = "localhost:6379";

    /// <summary>Prefix of every key this deployment writes, so several can share one Redis. Default: <c>fr:</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9:_-]{1,32}$")]
    public string KeyPrefix { get; set; } = "fr:";
}
