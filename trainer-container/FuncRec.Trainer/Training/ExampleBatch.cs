using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>Left-padded inputs [B, T] (item rows, types) and the next-item targets of one batch.</summary>
/// <param name="Items">Item rows, row 0 = padding.</param>
/// <param name="Types">Interaction types, 0 = padding.</param>
/// <param name="Targets">The next item's row per example: [B] for the last position, [B·T] row-major for every position.</param>
/// <param name="EveryPosition">Whether every position of <paramref name="Items"/> predicts a target (<see cref="WindowBatcher"/>) rather than only the last.</param>
public sealed record ExampleBatch(Tensor Items, Tensor Types, Tensor Targets, bool EveryPosition = false) : IDisposable
{
    /// <summary>Examples in the batch.</summary>
    public long Size => Targets.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Items.Dispose();
        Types.Dispose();
        Targets.Dispose();
    }
}
