using FuncRec.Core.Checkpoints;

namespace FuncRec.Core.UnitTests.Checkpoints;

public sealed class ItemCooccurrenceTests
{
    [Fact]
    public void Update_Sessions_CountsEachOrderedPairOfDistinctItemsOncePerSession()
    {
        // Session {1,2,1,3}: distinct 1,2,3 → every ordered pair +1; session {2,3}: (2,3),(3,2) +1; {4} adds nothing.
        var table = ItemCooccurrence.Empty.Update([[1, 2, 1, 3], [2, 3], [4]], decay: 0.5, rows: 5, neighbors: 10, maxSessionItems: 30);

        Assert.Equal(5, table.Rows);
        Assert.Equal([2, 3], table.NeighborsOf(1).ToArray());
        Assert.Equal([1f, 1f], table.WeightsOf(1).ToArray());
        Assert.Equal([1, 3], table.NeighborsOf(2).ToArray());
        Assert.Equal([1f, 2f], table.WeightsOf(2).ToArray());
        Assert.Equal([1f, 2f], table.WeightsOf(3).ToArray());
        Assert.Empty(table.NeighborsOf(4).ToArray());
        Assert.Equal(6, table.PairCount);
    }

    [Fact]
    public void Update_Parent_DecaysOldWeightsAddsNewAndGrowsRows()
    {
        var parent = ItemCooccurrence.Empty.Update([[1, 2]], 1.0, rows: 3, neighbors: 10, maxSessionItems: 30);

        var child = parent.Update([[2, 3], [1, 2]], decay: 0.25, rows: 4, neighbors: 10, maxSessionItems: 30);

        Assert.Equal(4, child.Rows);
        Assert.Equal([2], child.NeighborsOf(1).ToArray());
        Assert.Equal([1.25f], child.WeightsOf(1).ToArray()); // 1 × 0.25 + 1
        Assert.Equal([1, 3], child.NeighborsOf(2).ToArray());
        Assert.Equal([1.25f, 1f], child.WeightsOf(2).ToArray());
        Assert.Equal([1f], child.WeightsOf(3).ToArray());
        Assert.Equal([1f], parent.WeightsOf(1).ToArray());
    }

    [Fact]
    public void Update_NeighborLimitAndLongSessions_KeepsHeaviestAndSkipsLongSessions()
    {
        // Row 1 meets 2 twice, 3 once and 4 once; with 2 neighbours it keeps 2 and then 3 (tie with 4: lower row).
        var table = ItemCooccurrence.Empty.Update([[1, 2], [1, 2, 3], [1, 4], [5, 6, 7]], 1.0, rows: 8, neighbors: 2, maxSessionItems: 3);
        var capped = ItemCooccurrence.Empty.Update([[5, 6, 7]], 1.0, rows: 8, neighbors: 2, maxSessionItems: 2);

        Assert.Equal([2, 3], table.NeighborsOf(1).ToArray());
        Assert.Equal([2f, 1f], table.WeightsOf(1).ToArray());
        Assert.Equal(0, capped.PairCount);
    }

    [Fact]
    public void AddBoost_Input_AddsWeightTimesLogOfPositionWeightedSums()
    {
        var table = ItemCooccurrence.Empty.Update([[1, 3], [1, 3], [2, 3], [2, 4]], 1.0, rows: 5, neighbors: 10, maxSessionItems: 30);
        var scores = new float[5];

        // Input [1, 2]: item 2 is last (weight 1), item 1 second to last (weight 1/2).
        // Row 3: c(1,3) = 2, c(2,3) = 1 → 2/2 + 1 = 2 → 0.5·ln 3. Row 4: c(2,4) = 1 → 0.5·ln 2.
        // Rows 1 and 2 co-occur with no input partner except each other: c(1,2) = 0 → no boost.
        table.AddBoost([1, 2], 0.5f, scores);

        Assert.Equal(0f, scores[0]);
        Assert.Equal(0f, scores[1]);
        Assert.Equal(0f, scores[2]);
        Assert.Equal(0.5f * MathF.Log(3), scores[3], 6);
        Assert.Equal(0.5f * MathF.Log(2), scores[4], 6);
    }

    [Fact]
    public void SafeTensors_RoundTrip_KeepsEveryPair()
    {
        var table = ItemCooccurrence.Empty.Update([[1, 2, 3], [3, 4]], 1.0, rows: 6, neighbors: 10, maxSessionItems: 30)
            .Update([[4, 5]], 0.5, rows: 6, neighbors: 10, maxSessionItems: 30);
        using var buffer = new MemoryStream();
        SafeTensorsFile.Write(buffer, table.ToSafeTensors(), new Dictionary<string, string>());

        var restored = ItemCooccurrence.FromSafeTensors(SafeTensorsFile.Read(buffer.ToArray()));

        Assert.Equal(table.Rows, restored.Rows);
        for (var r = 0; r < table.Rows; r++)
        {
            Assert.Equal(table.NeighborsOf(r).ToArray(), restored.NeighborsOf(r).ToArray());
            Assert.Equal(table.WeightsOf(r).ToArray(), restored.WeightsOf(r).ToArray());
        }
    }

    [Fact]
    public void FromSafeTensors_NoTable_ReturnsEmpty() =>
        Assert.Same(ItemCooccurrence.Empty, ItemCooccurrence.FromSafeTensors(new SafeTensorsContent(new Dictionary<string, SafeTensor>(), new Dictionary<string, string>())));
}
