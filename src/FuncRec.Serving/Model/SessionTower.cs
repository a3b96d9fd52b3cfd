using System.Buffers;
using System.Numerics.Tensors;

namespace FuncRec.Serving.Model;

/// <summary>
/// The SASRec-style user/session tower of docs/model.md in pure C#: pre-LN blocks, causal multi-head
/// attention, ReLU FFN and a final layer norm, read at the most recent position.
/// </summary>
/// <remarks>
/// Padding rows (item row 0) are skipped rather than computed: they are masked as keys, so they cannot
/// change any real row, and their own outputs are zeroed. Positions still count them (position =
/// distance from the end of the given span), exactly as the left-padded training batches do. In the
/// last block only the most recent row feeds the output, so its query, attention output and FFN are
/// computed for that row alone. Scratch comes from <see cref="ArrayPool{T}.Shared"/>, so a pass
/// allocates nothing and no buffer outlives the call (nothing pooled is tied to a model version).
/// </remarks>
public sealed class SessionTower
{
    private readonly ModelShape _shape;
    private readonly float[] _itemMatrix;
    private readonly float[] _positions;
    private readonly float[] _types;
    private readonly TransformerBlock[] _blocks;
    private readonly float[] _finalWeight;
    private readonly float[] _finalBias;
    private readonly float _itemScale;
    private readonly float _attentionScale;

    /// <summary>Creates the tower over the precomputed item matrix (item_emb + cat_emb[item_category]).</summary>
    public SessionTower(ModelShape shape, float[] itemMatrix, float[] positions, float[] types, TransformerBlock[] blocks, float[] finalWeight, float[] finalBias)
    {
        _shape = shape;
        _itemMatrix = itemMatrix;
        _positions = positions;
        _types = types;
        _blocks = blocks;
        _finalWeight = finalWeight;
        _finalBias = finalBias;
        _itemScale = MathF.Sqrt(shape.Dim);
        _attentionScale = 1f / MathF.Sqrt(shape.HeadDim);
    }

    /// <summary>
    /// Encodes one sequence, <b>oldest first</b>, into the user vector. Item row 0 is padding (as in a
    /// left-padded training batch); a span longer than L keeps its last L entries.
    /// </summary>
    /// <param name="itemRows">Item rows (0 = padding), oldest first.</param>
    /// <param name="types">Interaction types (<c>(byte)InteractionType</c>), same length.</param>
    /// <param name="userVector">Receives d values.</param>
    public void Encode(ReadOnlySpan<int> itemRows, ReadOnlySpan<byte> types, Span<float> userVector)
    {
        var d = _shape.Dim;
        if (types.Length != itemRows.Length)
        {
            throw new ArgumentException($"{types.Length} types for {itemRows.Length} items.", nameof(types));
        }

        if (userVector.Length != d)
        {
            throw new ArgumentException($"The user vector needs {d} values, got {userVector.Length}.", nameof(userVector));
        }

        if (itemRows.Length > _shape.MaxLength)
        {
            itemRows = itemRows[^_shape.MaxLength..];
            types = types[^_shape.MaxLength..];
        }

        var t = itemRows.Length;
        var real = 0;
        for (var j = 0; j < t; j++)
        {
            var row = itemRows[j];
            if ((uint)row >= (uint)_shape.ItemRows)
            {
                throw new ArgumentOutOfRangeException(nameof(itemRows), row, $"Item row outside [0, {_shape.ItemRows}).");
            }

            if (types[j] >= _shape.TypeRows)
            {
                throw new ArgumentOutOfRangeException(nameof(types), types[j], $"Interaction type outside [0, {_shape.TypeRows}).");
            }

            real += row == 0 ? 0 : 1;
        }

        // The most recent slot is padding (or everything is): h_t is masked to zero, so u = LN(0) = bias.
        if (real == 0 || itemRows[t - 1] == 0)
        {
            _finalBias.CopyTo(userVector);
            return;
        }

        var scratch = ArrayPool<float>.Shared.Rent((6 * real * d) + real);
        try
        {
            var all = scratch.AsSpan();
            var h = all.Slice(0, real * d);
            var a = all.Slice(real * d, real * d);
            var q = all.Slice(2 * real * d, real * d);
            var k = all.Slice(3 * real * d, real * d);
            var v = all.Slice(4 * real * d, real * d);
            var z = all.Slice(5 * real * d, real * d);
            var logits = all.Slice(6 * real * d, real);
            Embed(itemRows, types, h);
            for (var b = 0; b < _blocks.Length; b++)
            {
                RunBlock(_blocks[b], h, a, q, k, v, z, logits, real, lastOnly: b == _blocks.Length - 1);
            }

            DenseKernels.LayerNormRow(h.Slice((real - 1) * d, d), _finalWeight, _finalBias, userVector);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private void Embed(ReadOnlySpan<int> itemRows, ReadOnlySpan<byte> types, Span<float> h)
    {
        var d = _shape.Dim;
        var t = itemRows.Length;
        var r = 0;
        for (var j = 0; j < t; j++)
        {
            if (itemRows[j] == 0)
            {
                continue;
            }

            // h_j = item(x_j)·sqrt(d) + pos_emb[t-1-j] + type_emb[y_j]; index 0 is the most recent.
            var hj = h.Slice(r++ * d, d);
            TensorPrimitives.MultiplyAdd(
                _itemMatrix.AsSpan(itemRows[j] * d, d), _itemScale, _positions.AsSpan((t - 1 - j) * d, d), hj);
            TensorPrimitives.Add(hj, _types.AsSpan(types[j] * d, d), hj);
        }
    }

    private void RunBlock(TransformerBlock block, Span<float> h, Span<float> a, Span<float> q, Span<float> k, Span<float> v, Span<float> z, Span<float> logits, int rows, bool lastOnly)
    {
        var d = _shape.Dim;
        var first = lastOnly ? rows - 1 : 0;
        DenseKernels.LayerNorm(h, rows, block.Ln1Weight, block.Ln1Bias, a);
        DenseKernels.Linear(a, rows, block.KeyT, block.KeyBias, k);
        DenseKernels.Linear(a, rows, block.ValueT, block.ValueBias, v);
        for (var i = first; i < rows; i++)
        {
            DenseKernels.LinearRow(a.Slice(i * d, d), block.QueryT, block.QueryBias, q.Slice(i * d, d));
        }

        Attend(q, k, v, z, logits, first, rows);
        for (var i = first; i < rows; i++)
        {
            // h ← h + (z Woᵀ + bo); a is free again, so it holds the branch output.
            var ai = a.Slice(i * d, d);
            var hi = h.Slice(i * d, d);
            DenseKernels.LinearRow(z.Slice(i * d, d), block.OutT, block.OutBias, ai);
            TensorPrimitives.Add(hi, ai, hi);

            // h ← h + fc2(relu(fc1(LN2(h)))), using q's row (done with) and z's row as scratch.
            var normed = q.Slice(i * d, d);
            var hidden = z.Slice(i * d, d);
            DenseKernels.LayerNormRow(hi, block.Ln2Weight, block.Ln2Bias, normed);
            DenseKernels.LinearRow(normed, block.Fc1T, block.Fc1Bias, hidden);
            DenseKernels.Relu(hidden);
            DenseKernels.LinearRow(hidden, block.Fc2T, block.Fc2Bias, ai);
            TensorPrimitives.Add(hi, ai, hi);
        }
    }

    // TensorPrimitives.SoftMax does not subtract the maximum; large logits would overflow exp.
    private static void StableSoftMax(Span<float> s)
    {
        TensorPrimitives.Subtract(s, TensorPrimitives.Max(s), s);
        TensorPrimitives.Exp(s, s);
        TensorPrimitives.Multiply(s, 1f / TensorPrimitives.Sum(s), s);
    }

    private void Attend(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> z, Span<float> logits, int first, int rows)
    {
        var d = _shape.Dim;
        var hd = _shape.HeadDim;
        for (var i = first; i < rows; i++)
        {
            var zi = z.Slice(i * d, d);
            zi.Clear();
            for (var head = 0; head < _shape.Heads; head++)
            {
                var offset = head * hd;
                var qi = q.Slice((i * d) + offset, hd);
                // Causal over real rows only: masked keys would get exp(-1e9 - max) = 0 exactly, so leaving them out is identical.
                var s = logits[..(i + 1)];
                for (var j = 0; j <= i; j++)
                {
                    s[j] = TensorPrimitives.Dot(qi, k.Slice((j * d) + offset, hd)) * _attentionScale;
                }

                StableSoftMax(s);
                var zh = zi.Slice(offset, hd);
                for (var j = 0; j <= i; j++)
                {
                    TensorPrimitives.MultiplyAdd(v.Slice((j * d) + offset, hd), s[j], zh, zh);
                }
            }
        }
    }
}
