using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Evaluation;

/// <summary>The hybrid ranking's count-based term: <paramref name="Weight"/> times the table's boost, added to the model's scores.</summary>
/// <param name="Table">The version's co-occurrence table.</param>
/// <param name="Weight">The boost's weight (<c>TrainingOptions.CooccurrenceWeight</c>).</param>
public sealed record CooccurrenceBoost(ItemCooccurrence Table, float Weight)
{
    /// <summary>The boost of the options in effect, or null when it is off or the table is empty.</summary>
    public static CooccurrenceBoost? For(TrainingOptions options, ItemCooccurrence table)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(table);
        return options.CooccurrenceWeight > 0 && table.PairCount > 0 ? new CooccurrenceBoost(table, (float)options.CooccurrenceWeight) : null;
    }

    /// <summary>
    /// Adds each input's boost for every item row to <paramref name="scores"/> ([inputs, rows]) in place.
    /// <paramref name="buffer"/> is reused between batches (a whole multiple of rows, at least inputs × rows floats): a
    /// fresh large array per batch would keep the garbage collector busy for nothing.
    /// </summary>
    public void AddTo(Tensor scores, IReadOnlyList<long[]> inputs, float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(buffer);
        var rows = (int)scores.shape[1];
        var values = buffer.AsSpan(0, inputs.Count * rows);
        values.Clear();
        for (var i = 0; i < inputs.Count; i++)
        {
            Table.AddBoost(Array.ConvertAll(inputs[i], r => (int)r), Weight, values.Slice(i * rows, rows));
        }

        // The Scalar lives in a local until the method ends: a temporary one may be finalized while libtorch still reads it.
        using var all = tensor(buffer, [buffer.Length / rows, rows], device: scores.device);
        using var boost = all.narrow(0, 0, inputs.Count);
        using var one = 1.0f.ToScalar();
        scores.add_(boost, one);
    }
}
