using System.ComponentModel.DataAnnotations;

namespace FuncRec.Core.Ingestion;

/// <summary>Validation limits and batching of the ingestors.</summary>
public sealed class IngestionOptions
{
    /// <summary>Configuration section (<c>Ingestion__MaxPayloadBytes</c> in app settings).</summary>
    public const string SectionName = "Ingestion";

    /// <summary>Largest accepted record value in bytes. Default: 16384.</summary>
    [Range(256, 1 << 20)]
    public int MaxPayloadBytes { get; set; } = 16 * 1024;

    /// <summary>How far ahead of the clock a timestamp may be. Default: 5 minutes.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Oldest accepted event, relative to the clock. Default: 30 days. Replays of historical data
    /// (the Diginetica import is from 2016) must raise it, e.g. <c>Ingestion__MaxEventAge=4000.00:00:00</c>.
    /// </summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Longest accepted query text in characters. Default: 256.</summary>
    [Range(1, 4096)]
    public int MaxQueryLength { get; set; } = 256;

    /// <summary>Most items in a list (shown items, title tokens, category path). Default: 200.</summary>
    [Range(1, 10_000)]
    public int MaxListLength { get; set; } = 200;

    /// <summary>Longest free-text field (brand, title token) in characters. Default: 128.</summary>
    [Range(1, 4096)]
    public int MaxTextLength { get; set; } = 128;

    /// <summary>Events per feature-store script call; bounds how long one call blocks Redis. Default: 1000.</summary>
    [Range(1, 100_000)]
    public int FeatureChunkSize { get; set; } = 1000;
}
