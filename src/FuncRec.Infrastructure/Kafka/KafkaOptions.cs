using System.ComponentModel.DataAnnotations;

namespace FuncRec.Infrastructure.Kafka;

/// <summary>
/// Kafka connection and topics. The same keys configure the Functions app's Kafka trigger
/// (<c>%Kafka__BootstrapServers%</c>), the local host's consumer loops and the tools.
/// </summary>
public sealed class KafkaOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated bootstrap servers. Default: empty, which makes the local host start its own broker.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Behaviour events topic. Default: <c>funcrec.behavior</c>.</summary>
    [Required]
    public string BehaviorTopic { get; set; } = "funcrec.behavior";

    /// <summary>Catalog events topic. Default: <c>funcrec.catalog</c>.</summary>
    [Required]
    public string CatalogTopic { get; set; } = "funcrec.catalog";

    /// <summary>Dead-letter topic for invalid events. Default: <c>funcrec.deadletter</c>.</summary>
    [Required]
    public string DeadLetterTopic { get; set; } = "funcrec.deadletter";

    /// <summary>Consumer group of the ingest functions. Default: <c>funcrec-ingest</c>.</summary>
    [Required]
    public string ConsumerGroup { get; set; } = "funcrec-ingest";

    /// <summary>SASL username (Event Hubs: <c>$ConnectionString</c>). Default: none (plaintext).</summary>
    public string? SaslUsername { get; set; }

    /// <summary>SASL password (Event Hubs: the namespace connection string). Default: none.</summary>
    public string? SaslPassword { get; set; }
}
