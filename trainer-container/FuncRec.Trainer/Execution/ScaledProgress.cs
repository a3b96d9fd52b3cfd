namespace FuncRec.Trainer.Execution;

/// <summary>Maps a stage's 0..1 progress onto its share [<paramref name="from"/>, <paramref name="to"/>] of a job.</summary>
public sealed class ScaledProgress(IProgress<double> inner, double from, double to) : IProgress<double>
{
    /// <inheritdoc />
    public void Report(double value) => inner.Report(from + ((to - from) * Math.Clamp(value, 0, 1)));
}
