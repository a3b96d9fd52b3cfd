using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;

namespace FuncRec.Trainer.Jobs;

/// <summary>Fills what a caller may leave out of a spec.</summary>
public static class TrainingJobSpecNormalizer
{
    /// <summary>
    /// Absent <c>hyperparameters</c> and absent window watermarks become empty. The source-generated
    /// deserializer assigns every init-only property, so a missing member arrives as null rather than as the
    /// record's initial value; this restores the contract's defaults before validation and storage.
    /// </summary>
    public static TrainingJobSpec Normalize(this TrainingJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec with
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
    }
}
