using System.ComponentModel.DataAnnotations;

namespace FuncRec.Trainer.Cooccurrence;

/// <summary>
/// Defaults of the item co-occurrence trainer. Each value can be overridden per job through the spec's
/// hyperparameters under the snake_case name given in brackets.
/// </summary>
public sealed class CooccurrenceOptions
{
    /// <summary>Configuration section (<c>CooccurrenceTrainer__Dim</c>).</summary>
    public const string SectionName = "CooccurrenceTrainer";

    /// <summary>Width of the item factors, a random projection of the co-occurrence rows [<c>dim</c>]. Default: 64.</summary>
    [Range(1, 1024)]
    public int Dim { get; set; } = 64;

    /// <summary>Items up to this many steps apart in a session count as co-occurring [<c>window</c>]. Default: 1.</summary>
    [Range(1, 50)]
    public int Window { get; set; } = 1;

    /// <summary>
    /// Weight kept of the parent's popularity and factors in incremental mode [<c>decay</c>]; 1 makes an
    /// incremental chain equal to a full retrain over the same data. Default: 1.
    /// </summary>
    [Range(0.0, 1.0)]
    public double Decay { get; set; } = 1.0;

    /// <summary>Seed of the random projection; must stay fixed along a version chain [<c>seed</c>]. Default: 42.</summary>
    public long Seed { get; set; } = 42;
}
