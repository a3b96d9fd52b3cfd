using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>
/// Adam with its state keyed by parameter name, so it can be saved to <c>optimizer.bin</c>, restored bit for
/// bit on a warm start, and grown with zero rows when embedding tables grow (which TorchSharp's built-in
/// optimizer state cannot). One step counter is shared by all parameters, as in torch.optim.Adam with one group.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private readonly Dictionary<string, (Tensor ExpAvg, Tensor ExpAvgSq)> _state = new(StringComparer.Ordinal);

    /// <summary>Creates an optimizer with no state.</summary>
    public AdamOptimizer(double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; set; }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Steps taken (drives bias correction).</summary>
    public long StepCount { get; set; }

    /// <summary>The moments by parameter name.</summary>
    public IReadOnlyDictionary<string, (Tensor ExpAvg, Tensor ExpAvgSq)> State => _state;

    /// <summary>Sets (replacing) one parameter's moments; the optimizer takes ownership.</summary>
    public void SetState(string name, Tensor expAvg, Tensor expAvgSq)
    {
        RemoveState(name);
        _state[name] = (expAvg.DetachFromDisposeScope(), expAvgSq.DetachFromDisposeScope());
    }

    /// <summary>Drops one parameter's moments (it then starts from zero moments at its next gradient).</summary>
    public void RemoveState(string name)
    {
        if (_state.Remove(name, out var old))
        {
            old.ExpAvg.Dispose();
            old.ExpAvgSq.Dispose();
        }
    }

    /// <summary>Pads a parameter's moments with zero rows to <paramref name="rows"/> (embedding growth).</summary>
    public void GrowRows(string name, long rows)
    {
        if (!_state.TryGetValue(name, out var s) || s.ExpAvg.shape[0] >= rows)
        {
            return;
        }

        var shape = s.ExpAvg.shape.ToArray();
        shape[0] = rows - shape[0];
        using var pad = zeros(shape, dtype: s.ExpAvg.dtype, device: s.ExpAvg.device);
        SetState(name, cat([s.ExpAvg, pad], 0), cat([s.ExpAvgSq, pad], 0));
    }

    /// <summary>One Adam update of <paramref name="parameters"/> from their current gradients (those without one are skipped).</summary>
    public void Step(IEnumerable<(string Name, Tensor Parameter)> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        StepCount++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        var biasCorrection2 = 1 - Math.Pow(Beta2, StepCount);
        using var _ = no_grad();

        // Held for the whole step rather than converted implicitly per call (ScalarSafe says why).
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var gradWeight = (1 - Beta1).ToScalar();
        using var squareWeight = (1 - Beta2).ToScalar();
        using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        foreach (var (name, p) in parameters)
        {
            var grad = p.grad;
            if (grad is null)
            {
                continue;
            }

            if (!_state.TryGetValue(name, out var s))
            {
                SetState(name, zeros_like(p), zeros_like(p));
                s = _state[name];
            }

            s.ExpAvg.mul_(beta1).add_(grad, alpha: gradWeight);
            s.ExpAvgSq.mul_(beta2).addcmul_(grad, grad, value: squareWeight);
            using var denom = s.ExpAvgSq.sqrt().div_(correction2).add_(epsilon);
            p.addcdiv_(s.ExpAvg, denom, value: stepSize);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _state.Values)
        {
            s.ExpAvg.Dispose();
            s.ExpAvgSq.Dispose();
        }

        _state.Clear();
    }
}
