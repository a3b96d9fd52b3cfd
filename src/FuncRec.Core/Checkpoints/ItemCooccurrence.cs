using System.Runtime.InteropServices;
namespace FuncRec.Core.Checkpoints;

/// <summary>
/// Session co-occurrence of item rows, the count-based half of the hybrid ranking: for every session of at most
/// <c>maxSessionItems</c> distinct items, each ordered pair of its distinct items gains 1, and an update first
/// multiplies the parent's weights by a decay (below 1, the newest window counts most). Each row keeps its
/// <c>neighbors</c> heaviest partners. Stored compressed by row (CSR), immutable; an update returns a new table. A
/// version keeps it in <see cref="CheckpointLayout.CooccurrenceFile"/>, so serving can read it without the optimizer state.
/// </summary>
public sealed class ItemCooccurrence
{
    /// <summary>
    /// The manifest hyperparameter that records the term's weight (the trainer writes every option as
    /// <c>Section:Name</c>); serving and the gate rank a version with it.
    /// </summary>
    public const string WeightHyperparameter = "Training:CooccurrenceWeight";

    /// <summary>Safetensors names of the three arrays.</summary>
    public const string OffsetsTensor = "cooc.offsets", NeighborsTensor = "cooc.neighbors", WeightsTensor = "cooc.weights";

    private readonly long[] _offsets;
    private readonly int[] _neighbors;
    private readonly float[] _weights;

    private ItemCooccurrence(long[] offsets, int[] neighbors, float[] weights)
    {
        _offsets = offsets;
        _neighbors = neighbors;
        _weights = weights;
    }

    /// <summary>A table with no pairs.</summary>
    public static ItemCooccurrence Empty { get; } = new([0], [], []);

    /// <summary>Rows covered (item rows at the last update, row 0 included).</summary>
    public int Rows => _offsets.Length - 1;

    /// <summary>Stored pairs.</summary>
    public long PairCount => _neighbors.Length;

    /// <summary>The partners of <paramref name="row"/>, ascending.</summary>
    public ReadOnlySpan<int> NeighborsOf(int row) => row < Rows ? _neighbors.AsSpan((int)_offsets[row], (int)(_offsets[row + 1] - _offsets[row])) : [];

    /// <summary>The weights matching <see cref="NeighborsOf"/>.</summary>
    public ReadOnlySpan<float> WeightsOf(int row) => row < Rows ? _weights.AsSpan((int)_offsets[row], (int)(_offsets[row + 1] - _offsets[row])) : [];

    /// <summary>
    /// This table times <paramref name="decay"/> plus the pairs of <paramref name="sessions"/>, over
    /// <paramref name="rows"/> item rows, keeping each row's <paramref name="neighbors"/> heaviest partners (ties: the
    /// lower row, so the result does not depend on hash order).
    /// </summary>
    public ItemCooccurrence Update(IEnumerable<int[]> sessions, double decay, int rows, int neighbors, int maxSessionItems)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, Rows);
        var table = new Dictionary<int, float>[rows];
        for (var r = 0; r < Rows; r++)
        {
            var partners = NeighborsOf(r);
            var weights = WeightsOf(r);
            for (var i = 0; i < partners.Length; i++)
            {
                Row(table, r)[partners[i]] = (float)(weights[i] * decay);
            }
        }

        foreach (var session in sessions)
        {
            var distinct = session.Where(r => r > 0).Distinct().ToArray();
            if (distinct.Length < 2 || distinct.Length > maxSessionItems)
            {
                continue;
            }

            foreach (var a in distinct)
            {
                var row = Row(table, a);
                foreach (var b in distinct)
                {
                    if (a != b)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(row, b, out _) += 1f;
                    }
                }
            }
        }

        var offsets = new long[rows + 1];
        var kept = new List<(int Neighbor, float Weight)>[rows];
        for (var r = 0; r < rows; r++)
        {
            kept[r] = table[r] is null
                ? []
                : table[r].OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(neighbors).OrderBy(p => p.Key).Select(p => (p.Key, p.Value)).ToList();
            offsets[r + 1] = offsets[r] + kept[r].Count;
        }

        var n = new int[offsets[rows]];
        var w = new float[offsets[rows]];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < kept[r].Count; i++)
            {
                n[offsets[r] + i] = kept[r][i].Neighbor;
                w[offsets[r] + i] = kept[r][i].Weight;
            }
        }

        return new ItemCooccurrence(offsets, n, w);
    }

    /// <summary>
    /// The co-occurrence term of every partner of <paramref name="input"/>: <paramref name="weight"/> times
    /// <c>log(1 + Σₖ wₖ·c(inputₖ, item))</c>, where the k-th input item from the end weighs 1/k, so the latest items lead.
    /// Items with no partner in the input get no entry (their term is 0).
    /// </summary>
    public Dictionary<int, float> Boosts(ReadOnlySpan<int> input, float weight)
    {
        var sums = new Dictionary<int, float>();
        for (var k = 0; k < input.Length; k++)
        {
            var row = input[k];
            var positionWeight = 1f / (input.Length - k);
            var partners = NeighborsOf(row);
            var weights = WeightsOf(row);
            for (var i = 0; i < partners.Length; i++)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(sums, partners[i], out _) += positionWeight * weights[i];
            }
        }

        foreach (var item in sums.Keys)
        {
            sums[item] = weight * MathF.Log(1 + sums[item]);
        }

        return sums;
    }

    /// <summary>Adds <see cref="Boosts"/> to <paramref name="scores"/> (one value per item row).</summary>
    public void AddBoost(ReadOnlySpan<int> input, float weight, Span<float> scores)
    {
        foreach (var (item, boost) in Boosts(input, weight))
        {
            if (item < scores.Length)
            {
                scores[item] += boost;
            }
        }
    }

    /// <summary>The three CSR arrays as safetensors (offsets I64, neighbors I32, weights F32).</summary>
    public IReadOnlyList<SafeTensor> ToSafeTensors() =>
    [
        new SafeTensor(OffsetsTensor, SafeTensorDType.I64, [_offsets.Length], MemoryMarshal.AsBytes(_offsets.AsSpan()).ToArray()),
        new SafeTensor(NeighborsTensor, SafeTensorDType.I32, [_neighbors.Length], MemoryMarshal.AsBytes(_neighbors.AsSpan()).ToArray()),
        SafeTensor.FromFloats(WeightsTensor, _weights, _weights.Length),
    ];

    /// <summary>The table as a safetensors file.</summary>
    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        SafeTensorsFile.Write(buffer, ToSafeTensors(), new Dictionary<string, string>(StringComparer.Ordinal));
        return buffer.ToArray();
    }

    /// <summary>Reads the table from <paramref name="content"/>; <see cref="Empty"/> when it holds none.</summary>
    /// <exception cref="InvalidDataException">The arrays are inconsistent.</exception>
    public static ItemCooccurrence FromSafeTensors(SafeTensorsContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.Tensors.TryGetValue(OffsetsTensor, out var offsets))
        {
            return Empty;
        }

        var o = MemoryMarshal.Cast<byte, long>(offsets.Data.Span).ToArray();
        var n = MemoryMarshal.Cast<byte, int>(content.Tensors[NeighborsTensor].Data.Span).ToArray();
        var w = content.Tensors[WeightsTensor].ToFloats();
        if (o.Length == 0 || o[0] != 0 || o[^1] != n.Length || n.Length != w.Length)
        {
            throw new InvalidDataException("The co-occurrence table's offsets, neighbors and weights do not agree.");
        }

        return new ItemCooccurrence(o, n, w);
    }

    private static Dictionary<int, float> Row(Dictionary<int, float>[] table, int row) => table[row] ??= [];
}
