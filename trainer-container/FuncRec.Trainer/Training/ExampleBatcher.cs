using FuncRec.Trainer.Data;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>
/// Turns sessions into next-item examples (every prefix predicts the item after it, the input truncated to
/// the last L items) and batches them by input length. Same-length batches need no padding, which on the CPU
/// is several times faster than padding to L; the batch order is shuffled so lengths still mix across steps.
/// </summary>
public static class ExampleBatcher
{
    /// <summary>
    /// The batches of one epoch, seeded by <paramref name="random"/>; <paramref name="skipRepeats"/> leaves out the
    /// examples whose target is among their (truncated) input items.
    /// </summary>
    public static List<(int Session, int End)[]> PlanEpoch(
        IReadOnlyList<EncodedSession> sessions, int maxLength, int batchSize, Random random, bool skipRepeats = false)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(random);
        var buckets = new List<(int, int)>[maxLength + 1];
        for (var s = 0; s < sessions.Count; s++)
        {
            for (var end = 1; end < sessions[s].Rows.Length; end++)
            {
                var length = Math.Min(end, maxLength);
                if (skipRepeats && Array.IndexOf(sessions[s].Rows, sessions[s].Rows[end], end - length, length) >= 0)
                {
                    continue;
                }

                (buckets[length] ??= []).Add((s, end));
            }
        }

        var batches = new List<(int, int)[]>();
        foreach (var bucket in buckets)
        {
            if (bucket is null)
            {
                continue;
            }

            var items = bucket.ToArray();
            random.Shuffle(items);
            for (var i = 0; i < items.Length; i += batchSize)
            {
                batches.Add(items[i..Math.Min(items.Length, i + batchSize)]);
            }
        }

        var order = batches.ToArray();
        random.Shuffle(order);
        return [.. order];
    }

    /// <summary>Builds the tensors of one batch: inputs are rows <c>[end-T, end)</c>, left-padded to the longest.</summary>
    public static ExampleBatch Build(IReadOnlyList<EncodedSession> sessions, IReadOnlyList<(int Session, int End)> examples, int maxLength, Device device)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(examples);
        var t = examples.Max(e => Math.Min(e.End, maxLength));
        var b = examples.Count;
        var items = new long[b * t];
        var types = new long[b * t];
        var targets = new long[b];
        for (var i = 0; i < b; i++)
        {
            var (s, end) = examples[i];
            var session = sessions[s];
            var length = Math.Min(end, maxLength);
            var offset = i * t + (t - length);
            for (var j = 0; j < length; j++)
            {
                items[offset + j] = session.Rows[end - length + j];
                types[offset + j] = session.Types[end - length + j];
            }

            targets[i] = session.Rows[end];
        }

        return new ExampleBatch(
            tensor(items, [b, t], device: device),
            tensor(types, [b, t], device: device),
            tensor(targets, [b], device: device));
    }
}
