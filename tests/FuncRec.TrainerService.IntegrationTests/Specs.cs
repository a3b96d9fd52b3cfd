using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;

namespace FuncRec.TrainerService.IntegrationTests;

internal static class Specs
{
    public const string Model = "cooc-test";

    public static string NewJobId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 13)];

    /// <summary>A full training on one Diginetica period (about 37 k views for period 1).</summary>
    public static TrainingJobSpec Full(string jobId, string slice = "diginetica:1", Uri? callback = null) => new()
    {
        JobId = jobId,
        Model = Model,
        Mode = TrainingMode.Full,
        Window = new DataWindow { DatasetSlice = slice },
        CallbackUrl = callback,
    };
}
