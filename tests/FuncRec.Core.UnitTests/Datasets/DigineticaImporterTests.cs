using FuncRec.Core.Datasets;
using FuncRec.Core.Events;

namespace FuncRec.Core.UnitTests.Datasets;

public sealed class DigineticaImporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dg-").FullName;

    public DigineticaImporterTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "ader_periods"));
        Directory.CreateDirectory(Path.Combine(_dir, "raw"));
        Directory.CreateDirectory(Path.Combine(_dir, "derived"));
        for (var p = 0; p < DigineticaPeriod.Count; p++)
        {
            File.WriteAllText(Path.Combine(_dir, "ader_periods", $"period_{p}.txt"), "");
        }

        // Session 2 continues into period 2, so its purchase belongs after its view there.
        File.WriteAllText(Path.Combine(_dir, "ader_periods", "period_1.txt"), "1 10\n2 11\n1 12\n3 10\n2 10\n");
        File.WriteAllText(Path.Combine(_dir, "ader_periods", "period_2.txt"), "2 12\n");
        File.WriteAllText(Path.Combine(_dir, "derived", "ader_item_map_partial.csv"), "ader_item_id,diginetica_item_id\n10,500\n12,700\n");
        File.WriteAllText(Path.Combine(_dir, "raw", "product-categories.csv"), "itemId;categoryId\n500;77\n700;88\n999;1\n");
        // Raw sessions 5, 9, 14 are ADER sessions 1, 2, 3 (rank order).
        File.WriteAllText(Path.Combine(_dir, "raw", "sample_train-item-views.csv"), "session_id;user_id;item_id;timeframe;eventdate\n9;NA;1;0;2016-01-01\n5;NA;1;0;2016-01-01\n14;NA;1;0;2016-01-01\n5;NA;2;0;2016-01-01\n");
        File.WriteAllText(Path.Combine(_dir, "raw", "train-purchases.csv"),
            "sessionId;userId;timeframe;eventdate;ordernumber;itemId\n5;NA;1;2016-02-12;77;700\n9;NA;1;2016-02-12;78;500\n14;NA;1;2016-02-12;79;12345\n999;NA;1;2016-02-12;80;500\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PeriodOf_KthWeek_StartsKMinusOneWeeksAfterInitialBlock()
    {
        Assert.Equal((new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2016, 2, 11, 0, 0, 0, TimeSpan.Zero)), (DigineticaPeriod.Of(0).Start, DigineticaPeriod.Of(0).End));
        Assert.Equal(new DateTimeOffset(2016, 2, 18, 0, 0, 0, TimeSpan.Zero), DigineticaPeriod.Of(2).Start);
        Assert.Equal(new DateTimeOffset(2016, 6, 2, 0, 0, 0, TimeSpan.Zero), DigineticaPeriod.Of(16).End);
    }

    [Fact]
    public void ReadPeriod_Views_KeepFileOrderWithMonotonicTimestampsInsideTheWeek()
    {
        var views = new DigineticaImporter(_dir).ReadPeriod(1).OfType<ItemViewed>().ToList();

        Assert.Equal(["10", "11", "12", "10", "10"], views.Select(v => v.ItemId));
        Assert.Equal(["1", "2", "1", "3", "2"], views.Select(v => v.UserId));
        Assert.True(views.Zip(views.Skip(1)).All(p => p.First.TimestampMs < p.Second.TimestampMs));
        Assert.True(views.All(v => v.TimestampMs >= DigineticaPeriod.Of(1).Start.ToUnixTimeMilliseconds() && v.TimestampMs < DigineticaPeriod.Of(1).End.ToUnixTimeMilliseconds()));
        Assert.Equal(5, views.Select(v => v.EventId).Distinct().Count());
    }

    [Fact]
    public void ReadPeriod_JoinablePurchase_FollowsSessionsLastViewAndUnjoinableAreSkipped()
    {
        var importer = new DigineticaImporter(_dir);
        var p1 = importer.ReadPeriod(1).ToList();
        var p2 = importer.ReadPeriod(2).ToList();

        // ADER session 1 = raw 5 bought digi 700 = ADER 12, right after its last view (index 2).
        var purchase = Assert.IsType<ItemPurchased>(p1[3]);
        Assert.Equal(("1", "12", "77"), (purchase.UserId, purchase.ItemId, purchase.OrderId));
        Assert.True(purchase.TimestampMs > p1[2].TimestampMs && purchase.TimestampMs < p1[4].TimestampMs);
        // ADER session 2 = raw 9 continues into period 2: its purchase goes there. Session 3's item is not in the map.
        Assert.Single(p1.OfType<ItemPurchased>());
        Assert.Equal(("2", "10"), p2.OfType<ItemPurchased>().Select(p => (p.UserId, p.ItemId)).Single());
    }

    [Fact]
    public void ReadCatalog_MappedItems_UpsertWithTheirCategory()
    {
        var catalog = new DigineticaImporter(_dir).ReadCatalog().ToList();

        Assert.Equal([("10", "77"), ("12", "88")], catalog.Select(c => (c.ItemId, c.CategoryPath.Single())));
    }

    [Fact]
    public void Constructor_FolderWithoutPeriods_ThrowsWithPath()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => new DigineticaImporter(Path.Combine(_dir, "raw")));
        Assert.Contains("ader_periods", ex.Message, StringComparison.Ordinal);
    }
}
