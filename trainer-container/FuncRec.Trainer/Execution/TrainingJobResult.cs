namespace FuncRec.Trainer.Execution;

/// <summary>What a successful training run produced.</summary>
/// <param name="ProducedVersion">The version now complete (manifest written) under <c>models/{model}/versions/</c>.</param>
/// <param name="Metrics">Evaluation metrics and counts, as recorded in the manifest.</param>
public sealed record TrainingJobResult(string ProducedVersion, IReadOnlyDictionary<string, double> Metrics);
