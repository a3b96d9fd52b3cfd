using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FuncRec.Serving.Retrieval;

/// <summary>
/// The item matrix re-laid for scanning: tiles of <see cref="TileRows"/> rows stored dimension-major
/// (<c>[tile][dim][lane]</c>), so one 16-float vector holds one dimension of 16 items. Scoring a tile is
/// then d fused multiply-adds of a broadcast query element, with no horizontal sums, over memory read
/// strictly sequentially. Rows past the end are zero.
/// </summary>
public sealed class ItemTileMatrix
{
    /// <summary>Rows per tile (one 512-bit vector of floats).</summary>
    public const int TileRows = 16;

    private readonly float[] _data;

    /// <summary>Re-lays a row-major [rows, dim] matrix.</summary>
    public ItemTileMatrix(ReadOnlySpan<float> rowMajor, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        Dim = dim;
        Rows = rowMajor.Length / dim;
        Tiles = (Rows + TileRows - 1) / TileRows;
        _data = new float[(long)Tiles * dim * TileRows];
        for (var row = 0; row < Rows; row++)
        {
            var tileBase = (row / TileRows) * dim * TileRows;
            var lane = row % TileRows;
            var source = rowMajor.Slice(row * dim, dim);
            for (var c = 0; c < dim; c++)
            {
                _data[tileBase + (c * TileRows) + lane] = source[c];
            }
        }
    }

    /// <summary>Item rows (padding row 0 included).</summary>
    public int Rows { get; }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>Number of tiles.</summary>
    public int Tiles { get; }

    /// <summary>The tiled values (for benchmarks that stream the same memory).</summary>
    public ReadOnlySpan<float> Data => _data;

    /// <summary>Writes the scores of the <c>tileCount × 16</c> rows starting at tile <paramref name="firstTile"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScoreTiles(int firstTile, int tileCount, ReadOnlySpan<float> query, Span<float> scores)
    {
        if (query.Length != Dim || scores.Length < tileCount * TileRows || firstTile + tileCount > Tiles)
        {
            throw new ArgumentException("Query width, score buffer or tile range does not fit the matrix.");
        }

        var tileFloats = Dim * TileRows;
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var s = ref MemoryMarshal.GetReference(scores);
        ref var data = ref MemoryMarshal.GetArrayDataReference(_data);
        for (var t = 0; t < tileCount; t++)
        {
            ref var tile = ref Unsafe.Add(ref data, (nint)(firstTile + t) * tileFloats);
            ref var target = ref Unsafe.Add(ref s, t * TileRows);
            if (Vector512.IsHardwareAccelerated)
            {
                ScoreTile512(ref tile, ref q, Dim, ref target);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                ScoreTile256(ref tile, ref q, Dim, ref target);
            }
            else
            {
                ScoreTileScalar(ref tile, ref q, Dim, ref target);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScoreTile512(ref float tile, ref float q, int dim, ref float target)
    {
        // Four independent accumulators hide the FMA latency; summed once per tile.
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var c = 0;
        for (; c + 4 <= dim; c += 4)
        {
            ref var p = ref Unsafe.Add(ref tile, c * TileRows);
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p), Vector512.Create(Unsafe.Add(ref q, c)), a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, TileRows), Vector512.Create(Unsafe.Add(ref q, c + 1)), a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, 2 * TileRows), Vector512.Create(Unsafe.Add(ref q, c + 2)), a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, 3 * TileRows), Vector512.Create(Unsafe.Add(ref q, c + 3)), a3);
        }

        for (; c < dim; c++)
        {
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref tile, c * TileRows)), Vector512.Create(Unsafe.Add(ref q, c)), a0);
        }

        ((a0 + a1) + (a2 + a3)).StoreUnsafe(ref target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScoreTile256(ref float tile, ref float q, int dim, ref float target)
    {
        Vector256<float> lo0 = default, hi0 = default, lo1 = default, hi1 = default;
        var c = 0;
        for (; c + 2 <= dim; c += 2)
        {
            ref var p = ref Unsafe.Add(ref tile, c * TileRows);
            var q0 = Vector256.Create(Unsafe.Add(ref q, c));
            var q1 = Vector256.Create(Unsafe.Add(ref q, c + 1));
            lo0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p), q0, lo0);
            hi0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, 8), q0, hi0);
            lo1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, TileRows), q1, lo1);
            hi1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, TileRows + 8), q1, hi1);
        }

        for (; c < dim; c++)
        {
            ref var p = ref Unsafe.Add(ref tile, c * TileRows);
            var qc = Vector256.Create(Unsafe.Add(ref q, c));
            lo0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p), qc, lo0);
            hi0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, 8), qc, hi0);
        }

        (lo0 + lo1).StoreUnsafe(ref target);
        (hi0 + hi1).StoreUnsafe(ref target, 8);
    }

    private static void ScoreTileScalar(ref float tile, ref float q, int dim, ref float target)
    {
        for (var lane = 0; lane < TileRows; lane++)
        {
            var sum = 0f;
            for (var c = 0; c < dim; c++)
            {
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref tile, (c * TileRows) + lane), Unsafe.Add(ref q, c), sum);
            }

            Unsafe.Add(ref target, lane) = sum;
        }
    }
}
