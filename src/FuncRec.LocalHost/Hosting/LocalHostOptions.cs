using System.ComponentModel.DataAnnotations;

namespace FuncRec.LocalHost.Hosting;

/// <summary>How the local host runs the ingest loops (the Functions app takes these from host.json's Kafka settings).</summary>
public sealed class LocalHostOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "LocalHost";

    /// <summary>Largest batch handed to an ingestor. Default: 1000.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Longest wait to fill a batch before handing over what arrived. Default: 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(100);
}
