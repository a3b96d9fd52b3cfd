using FuncRec.Serving.Retrieval;

namespace FuncRec.Serving.UnitTests.Retrieval;

public sealed class ItemScannerTests
{
    private struct EvenRowsOnly : IRowFilter
    {
        public readonly bool Accept(int row) => row % 2 == 0;
    }

    [Theory]
    [InlineData(64, 5003)]
    [InlineData(16, 999)]
    [InlineData(12, 300)]
    public void TopK_RandomMatrix_MatchesFullSortOfScalarDots(int dim, int rows)
    {
        var random = new Random(dim + rows);
        var matrix = Enumerable.Range(0, rows * dim).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var query = Enumerable.Range(0, dim).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var scores = new float[20];
        var top = new int[20];
        var filter = new AcceptAllRows();

        var n = ItemScanner.TopK(matrix, dim, query, ref filter, scores, top);
        var expected = Enumerable.Range(1, rows - 1)
            .Select(r => (r, s: Enumerable.Range(0, dim).Sum(i => (double)matrix[(r * dim) + i] * query[i])))
            .OrderByDescending(p => p.s).Take(20).ToArray();

        Assert.Equal(20, n);
        Assert.Equal(expected.Select(p => p.r), top);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i].s, scores[i], 4);
        }
    }

    [Fact]
    public void TopK_WithFilter_ReturnsOnlyAcceptedRowsAndNeverRowZero()
    {
        var random = new Random(3);
        const int dim = 64;
        var matrix = Enumerable.Range(0, 1000 * dim).Select(_ => (float)random.NextDouble()).ToArray();
        var query = Enumerable.Repeat(1f, dim).ToArray();
        var scores = new float[50];
        var top = new int[50];
        var filter = new EvenRowsOnly();

        var n = ItemScanner.TopK(matrix, dim, query, ref filter, scores, top);

        Assert.Equal(50, n);
        Assert.All(top, r => Assert.True(r % 2 == 0 && r != 0, $"row {r}"));
    }

    [Theory]
    [InlineData(64, 5003)]
    [InlineData(16, 999)]
    [InlineData(12, 300)]
    [InlineData(64, 17)]
    public void TopK_TiledMatrix_MatchesFullSortOfScalarDotsAndSkipsRowZero(int dim, int rows)
    {
        var random = new Random(dim * rows);
        var matrix = Enumerable.Range(0, rows * dim).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        // Row 0 scores highest of all, as a padding row with data would: it must still never be returned.
        Array.Fill(matrix, 10f, 0, dim);
        var query = Enumerable.Range(0, dim).Select(_ => (float)random.NextDouble()).ToArray();
        var tiles = new ItemTileMatrix(matrix, dim);
        var k = Math.Min(20, rows - 1);
        var scores = new float[k];
        var top = new int[k];
        var filter = new EvenRowsOnly();

        var n = ItemScanner.TopK(tiles, query, ref filter, scores, top);
        var expected = Enumerable.Range(1, rows - 1).Where(r => r % 2 == 0)
            .Select(r => (r, s: Enumerable.Range(0, dim).Sum(i => (double)matrix[(r * dim) + i] * query[i])))
            .OrderByDescending(p => p.s).Take(k).ToArray();

        Assert.Equal(expected.Length, n);
        Assert.Equal(expected.Select(p => p.r), top.Take(n));
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i].s, scores[i], 3);
        }
    }
}
