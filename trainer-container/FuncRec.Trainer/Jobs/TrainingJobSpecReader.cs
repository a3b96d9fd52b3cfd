using System.Text.Json;
using System.Text.Json.Nodes;
using FuncRec.Core.Training;

namespace FuncRec.Trainer.Jobs;

/// <summary>
/// Reads a job spec so that members the caller leaves out take the contract's defaults. The source-generated
/// deserializer assigns every init-only property, so an omitted member would arrive as null or 0 instead of
/// its initial value (an omitted <c>holdoutFraction</c> would silently become 0); here the record's own
/// defaults are merged under the request before it is deserialized.
/// </summary>
public static class TrainingJobSpecReader
{
    private static readonly JsonObject s_defaults = CreateDefaults();

    /// <summary>Reads one spec from <paramref name="utf8Json"/>.</summary>
    /// <exception cref="JsonException">The body is not a JSON object matching the contract.</exception>
    public static async Task<TrainingJobSpec> ReadAsync(Stream utf8Json, CancellationToken cancellationToken)
    {
        var node = await JsonNode.ParseAsync(utf8Json, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (node is not JsonObject body)
        {
            throw new JsonException("The job spec must be a JSON object.");
        }

        foreach (var (name, value) in s_defaults)
        {
            // Web defaults match property names case-insensitively, so a member present in any casing counts.
            if (!body.Any(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)))
            {
                body[name] = value?.DeepClone();
            }
        }

        var spec = body.Deserialize(TrainingJsonContext.Default.TrainingJobSpec) ?? throw new JsonException("The job spec is null.");
        return Normalize(spec);
    }

    private static TrainingJobSpec Normalize(TrainingJobSpec spec) => spec with
    {
        Hyperparameters = spec.Hyperparameters ?? new Dictionary<string, string>(),
        Window = spec.Window is null
            ? null!
            : spec.Window with
            {
                From = spec.Window.From ?? new Dictionary<string, long>(),
                To = spec.Window.To ?? new Dictionary<string, long>(),
            },
    };

    private static JsonObject CreateDefaults()
    {
        var defaults = JsonSerializer.SerializeToNode(new TrainingJobSpec { JobId = string.Empty, Model = string.Empty }, TrainingJsonContext.Default.TrainingJobSpec)!.AsObject();

        // Required members keep failing loudly when missing; nulls are what omission means anyway.
        foreach (var name in defaults.Where(p => p.Value is null || p.Key is "jobId" or "model").Select(p => p.Key).ToArray())
        {
            defaults.Remove(name);
        }

        return defaults;
    }
}
