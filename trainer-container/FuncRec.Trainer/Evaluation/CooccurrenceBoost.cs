using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Training;
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

    /// <summary>A [inputs, <paramref name="rows"/>] tensor of each input's boost for every item row.</summary>
    public Tensor Scores(IReadOnlyList<long[]> inputs, long rows, Device device)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new float[inputs.Count * rows];
        for (var i = 0; i < inputs.Count; i++)
        {
            Table.AddBoost(Array.ConvertAll(inputs[i], r => (int)r), Weight, values.AsSpan((int)(i * rows), (int)rows));
        }

        return tensor(values, [inputs.Count, rows], device: device);
    }
}
