using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>
/// Draws shared negatives with probability q(r) ∝ (count(r) + 1)^α over item rows 1..N-1 and holds
/// log(K·q(r)), the logQ correction that makes the sampled softmax estimate the full softmax.
/// </summary>
public sealed class NegativeSampler : IDisposable
{
    private readonly Tensor _probabilities;
    private readonly Tensor _logExpected;

    /// <summary>Builds the proposal from per-row counts (index 0 is padding and is never drawn).</summary>
    public NegativeSampler(IReadOnlyList<long> counts, double exponent, int negatives, Device device)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Negatives = negatives;
        var weights = new double[counts.Count];
        for (var r = 1; r < weights.Length; r++)
        {
            weights[r] = Math.Pow(counts[r] + 1.0, exponent);
        }

        var total = weights.Sum();
        var probabilities = weights.Select(w => (float)(w / total)).ToArray();
        var logExpected = probabilities.Select(p => p > 0 ? (float)Math.Log(negatives * (double)p) : 0f).ToArray();
        _probabilities = tensor(probabilities, device: device);
        _logExpected = tensor(logExpected, device: device);
    }

    /// <summary>K, the negatives per batch.</summary>
    public int Negatives { get; }

    /// <summary>Draws K rows with replacement.</summary>
    public Tensor Sample(Generator generator) => multinomial(_probabilities, Negatives, replacement: true, generator: generator);

    /// <summary>log(K·q(r)) for the given rows.</summary>
    public Tensor LogExpected(Tensor rows) => _logExpected.index(rows);

    /// <inheritdoc />
    public void Dispose()
    {
        _probabilities.Dispose();
        _logExpected.Dispose();
    }
}
