namespace FuncRec.Trainer.Training;

/// <summary>Learning-rate multipliers as pure functions of training progress.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// The half-cosine multiplier at <paramref name="fraction"/> of the planned steps done: 1 at 0, 0.5 at one half,
    /// 0 at 1 (clamped outside 0..1).
    /// </summary>
    public static double Cosine(double fraction) => 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(fraction, 0, 1)));
}
