using System.ComponentModel.DataAnnotations;

namespace FuncRec.Trainer.Hosting;

/// <summary>How the trainer service runs jobs.</summary>
public sealed class TrainerOptions
{
    /// <summary>Configuration section (<c>Trainer__Device</c>).</summary>
    public const string SectionName = "Trainer";

    /// <summary>The TorchSharp session model of docs/model.md (<see cref="Execution.IncrementalTrainerExecutor"/>).</summary>
    public const string IncrementalExecutor = "incremental";

    /// <summary>The small item co-occurrence model (<see cref="Cooccurrence.CooccurrenceTrainingExecutor"/>).</summary>
    public const string CooccurrenceExecutor = "cooccurrence";

    /// <summary>
    /// Which model jobs train: <c>incremental</c> (the served TorchSharp model) or <c>cooccurrence</c>.
    /// Default: <c>incremental</c>.
    /// </summary>
    [Required]
    [RegularExpression("^(incremental|cooccurrence)$")]
    public string Executor { get; set; } = IncrementalExecutor;

    /// <summary><c>auto</c> (CUDA when available, else CPU), <c>cpu</c> or <c>cuda</c>. Default: <c>auto</c>.</summary>
    [Required]
    [RegularExpression("^(auto|cpu|cuda)$")]
    public string Device { get; set; } = "auto";

    /// <summary>libtorch intra-op threads; 0 keeps libtorch's default (one per core). Default: 0.</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Blob prefix of job records in the operations container. Default: <c>trainer-jobs/</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9-]+/$")]
    public string JobsPrefix { get; set; } = "trainer-jobs/";

    /// <summary>
    /// Progress is persisted to the job record (and logged) each time it grows by this many percentage
    /// points, so status polls see it move without a blob write per batch. Default: 1.
    /// </summary>
    [Range(0.1, 100)]
    public double ProgressStepPercent { get; set; } = 1;
}
