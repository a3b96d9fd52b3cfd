using System.Text.Json;
using System.Text.Json.Serialization;
using FuncRec.Core.Checkpoints;

namespace FuncRec.Workflow.Registry;

/// <summary>One version folder of a model.</summary>
/// <param name="Version">Version name.</param>
/// <param name="Manifest">Its manifest; null while the version is incomplete (still being written, or abandoned).</param>
public sealed record ModelVersionInfo(string Version, ModelManifest? Manifest)
{
    /// <summary>True when the manifest exists.</summary>
    [JsonIgnore]
    public bool IsComplete => Manifest is not null;
}

/// <summary>CURRENT's content and ETag.</summary>
/// <param name="Version">The serving version.</param>
/// <param name="ETag">The blob ETag to compare-and-swap against.</param>
public sealed record CurrentPointer(string Version, string ETag);

/// <summary>A request to point CURRENT at a version.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Version">Version to serve.</param>
/// <param name="ExpectedCurrent">The version CURRENT must name now; null when CURRENT must not exist yet.</param>
/// <param name="Actor">Who promotes.</param>
/// <param name="Reason">Why.</param>
/// <param name="Metrics">Evidence for the log.</param>
/// <param name="OperationId">Idempotency key: a retried promotion with the same id logs once.</param>
public sealed record PromotionRequest(
    string Model,
    string Version,
    string? ExpectedCurrent,
    string Actor,
    string Reason,
    IReadOnlyDictionary<string, double> Metrics,
    string OperationId);

/// <summary>One line of <c>models/{model}/promotions.jsonl</c>.</summary>
/// <param name="TimestampUtc">When.</param>
/// <param name="Model">Model name.</param>
/// <param name="Action"><c>promote</c>, <c>rollback</c> or <c>reject</c>.</param>
/// <param name="Version">The version promoted, rolled back to, or rejected.</param>
/// <param name="PreviousVersion">What CURRENT named before.</param>
/// <param name="Actor">Who.</param>
/// <param name="Reason">Why.</param>
/// <param name="Metrics">Evidence.</param>
/// <param name="OperationId">Idempotency key.</param>
public sealed record PromotionLogEntry(
    DateTimeOffset TimestampUtc,
    string Model,
    string Action,
    string Version,
    string? PreviousVersion,
    string Actor,
    string Reason,
    IReadOnlyDictionary<string, double> Metrics,
    string OperationId);

/// <summary>Source-generated JSON of registry records.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PromotionLogEntry))]
[JsonSerializable(typeof(ModelVersionInfo))]
[JsonSerializable(typeof(List<ModelVersionInfo>))]
[JsonSerializable(typeof(List<PromotionLogEntry>))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
