using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FuncRec.Serving.Retrieval;

/// <summary>
/// Exact maximum-inner-product top-K over a row-major item matrix: blocked SIMD dot products
/// (four rows per step, so each query chunk is loaded once per four rows and four independent
/// accumulators hide FMA latency) feeding <see cref="TopKSelector"/>, never a full sort.
/// </summary>
public static class ItemScanner
{
    /// <summary>Rows scored per block; the block's scores live on the stack (1 KiB).</summary>
    public const int BlockRows = 256;

    /// <summary>
    /// Returns the best rows among <c>1..rowCount-1</c> (row 0 is padding) by <c>query · item(r)</c> that
    /// <paramref name="filter"/> accepts, best first, in <paramref name="topScores"/>/<paramref name="topRows"/>
    /// (their length is K). Ties keep the lower row.
    /// </summary>
    // AggressiveOptimization: these loops run once per request over the whole catalogue, so they must be
    // fully optimised from the first call; tier-0/OSR code measured 3x slower here under tiered PGO.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TopK<TFilter>(ItemTileMatrix tiles, ReadOnlySpan<float> query, ref TFilter filter, Span<float> topScores, Span<int> topRows)
        where TFilter : struct, IRowFilter
    {
        ArgumentNullException.ThrowIfNull(tiles);
        const int tilesPerBlock = BlockRows / ItemTileMatrix.TileRows;
        var selector = new TopKSelector(topScores, topRows);
        Span<float> block = stackalloc float[BlockRows];
        for (var firstTile = 0; firstTile < tiles.Tiles; firstTile += tilesPerBlock)
        {
            var tileCount = Math.Min(tilesPerBlock, tiles.Tiles - firstTile);
            tiles.ScoreTiles(firstTile, tileCount, query, block);
            var start = firstTile * ItemTileMatrix.TileRows;
            var n = Math.Min(tileCount * ItemTileMatrix.TileRows, tiles.Rows - start);
            var threshold = selector.Threshold;
            if (Vector512.IsHardwareAccelerated)
            {
                // One compare per 16 scores: once the heap is full almost no lane beats the threshold,
                // so selection costs a vector compare per tile instead of a branch per row.
                for (var t = 0; t < n; t += ItemTileMatrix.TileRows)
                {
                    var above = Vector512.GreaterThan(Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(block), (nuint)t), Vector512.Create(threshold))
                        .ExtractMostSignificantBits();
                    while (above != 0)
                    {
                        var i = t + BitOperations.TrailingZeroCount(above);
                        above &= above - 1;
                        if (i < n && block[i] > threshold && start + i != 0 && filter.Accept(start + i))
                        {
                            selector.Offer(block[i], start + i);
                            threshold = selector.Threshold;
                        }
                    }
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    // The threshold check comes first: filters are only consulted for would-be winners.
                    // Row 0 is padding and never a candidate.
                    if (block[i] > threshold && start + i != 0 && filter.Accept(start + i))
                    {
                        selector.Offer(block[i], start + i);
                        threshold = selector.Threshold;
                    }
                }
            }
        }

        return selector.SortDescending();
    }

    /// <summary>Row-major variant of <see cref="TopK{TFilter}(ItemTileMatrix, ReadOnlySpan{float}, ref TFilter, Span{float}, Span{int})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TopK<TFilter>(ReadOnlySpan<float> matrix, int dim, ReadOnlySpan<float> query, ref TFilter filter, Span<float> topScores, Span<int> topRows)
        where TFilter : struct, IRowFilter
    {
        var rowCount = matrix.Length / dim;
        var selector = new TopKSelector(topScores, topRows);
        Span<float> block = stackalloc float[BlockRows];
        for (var start = 1; start < rowCount; start += BlockRows)
        {
            var n = Math.Min(BlockRows, rowCount - start);
            var scores = block[..n];
            ScoreRows(matrix, dim, start, query, scores);
            var threshold = selector.Threshold;
            for (var i = 0; i < n; i++)
            {
                // The threshold check comes first: filters are only consulted for would-be winners.
                if (scores[i] > threshold && filter.Accept(start + i))
                {
                    selector.Offer(scores[i], start + i);
                    threshold = selector.Threshold;
                }
            }
        }

        return selector.SortDescending();
    }

    /// <summary>Scores <c>scores.Length</c> consecutive rows starting at <paramref name="startRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScoreRows(ReadOnlySpan<float> matrix, int dim, int startRow, ReadOnlySpan<float> query, Span<float> scores)
    {
        if (query.Length != dim)
        {
            throw new ArgumentException($"The query needs {dim} values, got {query.Length}.", nameof(query));
        }

        var count = scores.Length;
        var rows = matrix.Slice(startRow * dim, count * dim);
        if (Vector512.IsHardwareAccelerated && dim % Vector512<float>.Count == 0)
        {
            Score512(rows, dim, query, scores);
        }
        else if (Vector256.IsHardwareAccelerated && dim % Vector256<float>.Count == 0)
        {
            Score256(rows, dim, query, scores);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                scores[i] = TensorPrimitives.Dot(rows.Slice(i * dim, dim), query);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Score512(ReadOnlySpan<float> rows, int dim, ReadOnlySpan<float> query, Span<float> scores)
    {
        ref var m = ref MemoryMarshal.GetReference(rows);
        ref var q = ref MemoryMarshal.GetReference(query);
        var width = Vector512<float>.Count;
        var count = scores.Length;
        var i = 0;
        for (; i + 4 <= count; i += 4)
        {
            ref var r0 = ref Unsafe.Add(ref m, i * dim);
            ref var r1 = ref Unsafe.Add(ref r0, dim);
            ref var r2 = ref Unsafe.Add(ref r1, dim);
            ref var r3 = ref Unsafe.Add(ref r2, dim);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var c = 0; c < dim; c += width)
            {
                var qv = Vector512.LoadUnsafe(ref q, (nuint)c);
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, (nuint)c), qv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, (nuint)c), qv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, (nuint)c), qv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, (nuint)c), qv, a3);
            }

            scores[i] = Vector512.Sum(a0);
            scores[i + 1] = Vector512.Sum(a1);
            scores[i + 2] = Vector512.Sum(a2);
            scores[i + 3] = Vector512.Sum(a3);
        }

        for (; i < count; i++)
        {
            ref var r = ref Unsafe.Add(ref m, i * dim);
            var a = Vector512<float>.Zero;
            for (var c = 0; c < dim; c += width)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r, (nuint)c), Vector512.LoadUnsafe(ref q, (nuint)c), a);
            }

            scores[i] = Vector512.Sum(a);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Score256(ReadOnlySpan<float> rows, int dim, ReadOnlySpan<float> query, Span<float> scores)
    {
        ref var m = ref MemoryMarshal.GetReference(rows);
        ref var q = ref MemoryMarshal.GetReference(query);
        var width = Vector256<float>.Count;
        var count = scores.Length;
        var i = 0;
        for (; i + 4 <= count; i += 4)
        {
            ref var r0 = ref Unsafe.Add(ref m, i * dim);
            ref var r1 = ref Unsafe.Add(ref r0, dim);
            ref var r2 = ref Unsafe.Add(ref r1, dim);
            ref var r3 = ref Unsafe.Add(ref r2, dim);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var c = 0; c < dim; c += width)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)c);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)c), qv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r1, (nuint)c), qv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r2, (nuint)c), qv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r3, (nuint)c), qv, a3);
            }

            scores[i] = Vector256.Sum(a0);
            scores[i + 1] = Vector256.Sum(a1);
            scores[i + 2] = Vector256.Sum(a2);
            scores[i + 3] = Vector256.Sum(a3);
        }

        for (; i < count; i++)
        {
            ref var r = ref Unsafe.Add(ref m, i * dim);
            var a = Vector256<float>.Zero;
            for (var c = 0; c < dim; c += width)
            {
                a = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r, (nuint)c), Vector256.LoadUnsafe(ref q, (nuint)c), a);
            }

            scores[i] = Vector256.Sum(a);
        }
    }
}
