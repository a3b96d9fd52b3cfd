using System.Text.Json;
using System.Text.Json.Serialization;

namespace FuncRec.Core.Checkpoints;

/// <summary>
/// <c>manifest.json</c> of one model version. It is written after every data file, so its
/// presence means the version is complete, and its sha256 entries let readers verify each file.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Manifest format version.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Model name, e.g. <c>session-rec</c>.</summary>
    public required string Model { get; init; }

    /// <summary>This version's name.</summary>
    public required string Version { get; init; }

    /// <summary>The version this one warm-started from; null for a from-scratch training.</summary>
    public string? Parent { get; init; }

    /// <summary>When training finished (UTC).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary><c>incremental</c> or <c>full</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Trainer build that produced the version.</summary>
    public required string TrainerVersion { get; init; }

    /// <summary>The data consumed, as per-source watermarks (e.g. topic/partition to next offset).</summary>
    public DataWindow Window { get; init; } = new();

    /// <summary>Example and entity counts.</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    /// <summary>Hyperparameters as strings, exactly as the trainer used them.</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Evaluation metrics on the trainer's held-out slice (fractions, e.g. recall@20).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Lower-case hex sha256 of each data file, by file name.</summary>
    public required IReadOnlyDictionary<string, string> Sha256 { get; init; }
}

/// <summary>The span of data a version trained on.</summary>
public sealed record DataWindow
{
    /// <summary>Per-source start watermarks (inclusive), e.g. <c>funcrec.behavior/0</c> to an offset.</summary>
    public IReadOnlyDictionary<string, long> From { get; init; } = new Dictionary<string, long>();

    /// <summary>Per-source end watermarks (exclusive): the next offset not yet consumed.</summary>
    public IReadOnlyDictionary<string, long> To { get; init; } = new Dictionary<string, long>();

    /// <summary>Optional dataset slice description for offline training (e.g. <c>diginetica:0-3</c>).</summary>
    public string? DatasetSlice { get; init; }
}

/// <summary>Source-generated JSON for checkpoint contracts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ModelManifest))]
public sealed partial class CheckpointJsonContext : JsonSerializerContext;
