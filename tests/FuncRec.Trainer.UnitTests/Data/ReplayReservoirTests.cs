using FuncRec.Trainer.Data;

namespace FuncRec.Trainer.UnitTests.Data;

public sealed class ReplayReservoirTests
{
    [Fact]
    public void Offer_MoreThanCapacity_KeepsCapacityAndCountsSeen()
    {
        var reservoir = new ReplayReservoir(10);
        var random = new Random(1);
        for (var i = 0; i < 1000; i++)
        {
            reservoir.Offer(new EncodedSession([i + 1, i + 2], [1, 1]), random);
        }

        Assert.Equal(10, reservoir.Sessions.Count);
        Assert.Equal(1000, reservoir.Seen);

        // A uniform sample of 1000 should not be the first 10 offered.
        Assert.Contains(reservoir.Sessions, s => s.Rows[0] > 10);
    }

    [Fact]
    public void Resize_Smaller_DropsToCapacity()
    {
        var reservoir = new ReplayReservoir(5);
        var random = new Random(2);
        for (var i = 0; i < 5; i++)
        {
            reservoir.Offer(new EncodedSession([1, 2], [1, 1]), random);
        }

        reservoir.Resize(2, random);
        Assert.Equal(2, reservoir.Sessions.Count);
        Assert.Equal(2, reservoir.Capacity);
    }
}
