using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FuncRec.Serving.Model;

/// <summary>
/// The dense building blocks of the towers: linear layers on pre-transposed weights, layer norm and ReLU.
/// Every method works on caller-provided spans, so a forward pass allocates nothing.
/// </summary>
public static class DenseKernels
{
    /// <summary>Layer-norm epsilon of the checkpoint contract.</summary>
    public const float LayerNormEpsilon = 1e-5f;

    /// <summary>
    /// <c>y = x Wᵀ + b</c> for <paramref name="rows"/> rows. <paramref name="weightT"/> is W transposed,
    /// [in, out] row-major, so each input element scales one contiguous weight row (an axpy), which
    /// vectorises over the output dimension instead of doing one horizontal sum per output.
    /// </summary>
    public static void Linear(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> weightT, ReadOnlySpan<float> bias, Span<float> y)
    {
        var outDim = bias.Length;
        var inDim = weightT.Length / outDim;
        for (var i = 0; i < rows; i++)
        {
            LinearRow(x.Slice(i * inDim, inDim), weightT, bias, y.Slice(i * outDim, outDim));
        }
    }

    /// <summary>One row of <see cref="Linear"/>.</summary>
    public static void LinearRow(ReadOnlySpan<float> x, ReadOnlySpan<float> weightT, ReadOnlySpan<float> bias, Span<float> y)
    {
        var outDim = y.Length;
        bias.CopyTo(y);
        ref var yRef = ref MemoryMarshal.GetReference(y);
        ref var wRef = ref MemoryMarshal.GetReference(weightT);
        var width = Vector<float>.Count;
        var vectorEnd = outDim - (outDim % width);
        for (var k = 0; k < x.Length; k++)
        {
            var xk = x[k];
            if (xk == 0f)
            {
                continue;
            }

            ref var wRow = ref Unsafe.Add(ref wRef, k * outDim);
            var scale = new Vector<float>(xk);
            var o = 0;
            for (; o < vectorEnd; o += width)
            {
                var acc = Vector.LoadUnsafe(ref yRef, (nuint)o);
                acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref wRow, (nuint)o), scale, acc);
                acc.StoreUnsafe(ref yRef, (nuint)o);
            }

            for (; o < outDim; o++)
            {
                Unsafe.Add(ref yRef, o) = MathF.FusedMultiplyAdd(Unsafe.Add(ref wRow, o), xk, Unsafe.Add(ref yRef, o));
            }
        }
    }

    /// <summary>Layer norm of each row (as wide as <paramref name="weight"/>): biased variance, epsilon 1e-5.</summary>
    public static void LayerNorm(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y)
    {
        var dim = weight.Length;
        for (var i = 0; i < rows; i++)
        {
            LayerNormRow(x.Slice(i * dim, dim), weight, bias, y.Slice(i * dim, dim));
        }
    }

    /// <summary>One row of <see cref="LayerNorm"/>; <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public static void LayerNormRow(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y)
    {
        var dim = x.Length;
        var mean = TensorPrimitives.Sum(x) / dim;
        // Two-pass variance: (x - mean) first, as torch does, so large offsets do not cancel catastrophically.
        TensorPrimitives.Subtract(x, mean, y);
        var variance = TensorPrimitives.SumOfSquares(y) / dim;
        var inv = 1f / MathF.Sqrt(variance + LayerNormEpsilon);
        TensorPrimitives.Multiply(y, inv, y);
        TensorPrimitives.FusedMultiplyAdd(y, weight, bias, y);
    }

    /// <summary>In-place ReLU.</summary>
    public static void Relu(Span<float> x) => TensorPrimitives.Max(x, 0f, x);

    /// <summary>Transposes a [rows, cols] row-major matrix into [cols, rows].</summary>
    public static float[] Transpose(ReadOnlySpan<float> m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = m[(r * cols) + c];
            }
        }

        return t;
    }
}
