using System.ComponentModel.DataAnnotations;

namespace FuncRec.Trainer.Model;

/// <summary>
/// Architecture hyperparameters of the session recommender (docs/model.md). They are written to the
/// safetensors metadata so that serving and warm starts rebuild exactly the same shapes.
/// </summary>
public sealed class ModelOptions
{
    /// <summary>Configuration section (<c>Model__Dim</c> etc.).</summary>
    public const string SectionName = "Model";

    /// <summary>Embedding and hidden size d. Default: 128 (docs/quality-tuning.md: +3.7 Recall@20 over 64 on week 1).</summary>
    [Range(8, 4096)]
    public int Dim { get; set; } = 128;

    /// <summary>Positions kept, most recent last (L). Default: 50.</summary>
    [Range(2, 1024)]
    public int MaxLength { get; set; } = 50;

    /// <summary>Transformer blocks B. Default: 2.</summary>
    [Range(1, 16)]
    public int Blocks { get; set; } = 2;

    /// <summary>Attention heads H; <see cref="Dim"/> must be divisible by it. Default: 1.</summary>
    [Range(1, 64)]
    public int Heads { get; set; } = 1;

    /// <summary>Hashed query-token rows Q (row 0 is padding). Default: 16384.</summary>
    [Range(2, 10_000_000)]
    public int QueryBuckets { get; set; } = 16384;

    /// <summary>A copy, so per-request overrides never leak into the shared options.</summary>
    public ModelOptions Clone() => (ModelOptions)MemberwiseClone();

    /// <summary>Throws when the combination is unusable (d not divisible by H).</summary>
    public void Validate()
    {
        if (Dim % Heads != 0)
        {
            throw new ArgumentException($"{SectionName}: Dim ({Dim}) must be divisible by Heads ({Heads}).");
        }
    }
}
