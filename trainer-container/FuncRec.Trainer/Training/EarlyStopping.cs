using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>
/// Keeps the best epoch seen so far by a validation score (higher is better): a copy of the model's weights and of
/// the optimizer's moments and step, so training can run past the best epoch and then roll back to it exactly. The
/// optimizer state is part of the snapshot because children warm-start from it; restoring the weights alone would pair
/// them with moments from later steps.
/// </summary>
public sealed class EarlyStopping : IDisposable
{
    private readonly int _patience;
    private readonly Dictionary<string, Tensor> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Tensor ExpAvg, Tensor ExpAvgSq)> _moments = new(StringComparer.Ordinal);
    private long _bestStep;

    /// <summary>Stops after <paramref name="patience"/> epochs in a row without a better score.</summary>
    public EarlyStopping(int patience)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        _patience = patience;
    }

    /// <summary>The 1-based epoch with the best score; 0 before the first observation.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best score observed.</summary>
    public double BestScore { get; private set; } = double.NegativeInfinity;

    /// <summary>Every observed score in epoch order.</summary>
    public List<double> Scores { get; } = [];

    /// <summary>
    /// Records epoch <see cref="Scores"/>.Count + 1 with <paramref name="score"/>, snapshotting <paramref name="state"/> when
    /// it is strictly better than every earlier epoch (ties keep the earlier, cheaper epoch). Returns whether to go on.
    /// </summary>
    public bool Observe(double score, TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Scores.Add(score);
        if (score > BestScore)
        {
            BestScore = score;
            BestEpoch = Scores.Count;
            Snapshot(state);
        }

        return Scores.Count - BestEpoch < _patience;
    }

    /// <summary>Puts the best epoch's weights, moments and step back into <paramref name="state"/> (no-op if the last epoch was the best).</summary>
    public void RestoreBest(TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (BestEpoch == 0 || BestEpoch == Scores.Count)
        {
            return;
        }

        using (no_grad())
        {
            foreach (var (name, parameter) in state.Model.named_parameters())
            {
                parameter.copy_(_weights[name]);
            }
        }

        foreach (var name in state.Optimizer.State.Keys.Except(_moments.Keys).ToList())
        {
            state.Optimizer.RemoveState(name);
        }

        foreach (var (name, (expAvg, expAvgSq)) in _moments)
        {
            state.Optimizer.SetState(name, expAvg.clone(), expAvgSq.clone());
        }

        state.Optimizer.StepCount = _bestStep;
    }

    /// <inheritdoc />
    public void Dispose() => Clear();

    private void Snapshot(TrainerState state)
    {
        Clear();
        using (no_grad())
        {
            foreach (var (name, parameter) in state.Model.named_parameters())
            {
                _weights[name] = parameter.detach().clone().DetachFromDisposeScope();
            }
        }

        foreach (var (name, (expAvg, expAvgSq)) in state.Optimizer.State)
        {
            _moments[name] = (expAvg.clone().DetachFromDisposeScope(), expAvgSq.clone().DetachFromDisposeScope());
        }

        _bestStep = state.Optimizer.StepCount;
    }

    private void Clear()
    {
        foreach (var w in _weights.Values)
        {
            w.Dispose();
        }

        foreach (var (expAvg, expAvgSq) in _moments.Values)
        {
            expAvg.Dispose();
            expAvgSq.Dispose();
        }

        _weights.Clear();
        _moments.Clear();
    }
}
