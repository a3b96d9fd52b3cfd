using FuncRec.Trainer.Data;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>
/// The <c>TargetPositions=all</c> layout: each session is cut into windows of at most L inputs and one causal pass
/// predicts the next item at every position of a window, so a session of n events costs n−1 positions instead of the
/// ~n²/2 of one pass per prefix. Positions count back from the window's last input, so an inner position sees its
/// prefix shifted by a constant position offset (as in SASRec's training); the last position is exactly the prefix
/// layout. Windows of one length share a batch (no padding) and a batch holds about <c>batchSize</c> examples, so an
/// epoch takes as many optimiser steps as the prefix layout.
/// </summary>
public static class WindowBatcher
{
    /// <summary>The batches of one epoch, seeded by <paramref name="random"/>: windows (session, first input, length).</summary>
    public static List<(int Session, int Start, int Length)[]> PlanEpoch(
        IReadOnlyList<EncodedSession> sessions, int maxLength, int batchSize, Random random)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(random);
        var buckets = new List<(int, int, int)>[maxLength + 1];
        for (var s = 0; s < sessions.Count; s++)
        {
            // Targets 1..n-1 in chunks of L from the start; every target belongs to exactly one window.
            var targets = sessions[s].ExampleCount;
            for (var start = 0; start < targets; start += maxLength)
            {
                var length = Math.Min(maxLength, targets - start);
                (buckets[length] ??= []).Add((s, start, length));
            }
        }

        var batches = new List<(int, int, int)[]>();
        for (var length = 1; length <= maxLength; length++)
        {
            if (buckets[length] is not { } bucket)
            {
                continue;
            }

            var windows = bucket.ToArray();
            random.Shuffle(windows);
            var perBatch = Math.Max(1, batchSize / length);
            for (var i = 0; i < windows.Length; i += perBatch)
            {
                batches.Add(windows[i..Math.Min(windows.Length, i + perBatch)]);
            }
        }

        var order = batches.ToArray();
        random.Shuffle(order);
        return [.. order];
    }

    /// <summary>
    /// Builds one batch of equal-length windows: inputs rows <c>[start, start+T)</c> [B, T] and the targets
    /// rows <c>[start+1, start+T]</c> flattened row-major to [B·T], matching <c>EncodeAllPositions(...).reshape(-1, d)</c>.
    /// </summary>
    public static ExampleBatch Build(IReadOnlyList<EncodedSession> sessions, IReadOnlyList<(int Session, int Start, int Length)> windows, Device device)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(windows);
        var t = windows[0].Length;
        var b = windows.Count;
        var items = new long[b * t];
        var types = new long[b * t];
        var targets = new long[b * t];
        for (var i = 0; i < b; i++)
        {
            var (s, start, length) = windows[i];
            if (length != t)
            {
                throw new ArgumentException($"A batch holds windows of one length; got {length} and {t}.", nameof(windows));
            }

            var session = sessions[s];
            for (var j = 0; j < t; j++)
            {
                items[i * t + j] = session.Rows[start + j];
                types[i * t + j] = session.Types[start + j];
                targets[i * t + j] = session.Rows[start + j + 1];
            }
        }

        return new ExampleBatch(
            tensor(items, [b, t], device: device),
            tensor(types, [b, t], device: device),
            tensor(targets, [b * t], device: device),
            EveryPosition: true);
    }
}
