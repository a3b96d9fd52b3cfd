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

    [Fact]
    public void Refresh_ElevenEqualWindows_LastWindowHoldsAboutHalfWhereOfferHoldsAboutATenth()
    {
        var recent = new ReplayReservoir(1000);
        var lineage = new ReplayReservoir(1000);
        var random = new Random(3);
        for (var week = 0; week <= 10; week++)
        {
            // Rows[0] carries the week, Rows[1] a unique id, so shares and duplicates can be counted.
            var window = Enumerable.Range(0, 1000).Select(i => new EncodedSession([week, (week * 1000) + i], [1, 1])).ToList();
            recent.Refresh(window, random);
            foreach (var session in window)
            {
                lineage.Offer(session, random);
            }
        }

        Assert.Equal(11_000, recent.Seen);
        Assert.Equal(1000, recent.Sessions.Count);
        Assert.Equal(1000, recent.Sessions.Select(s => s.Rows[1]).Distinct().Count());

        // Each refresh keeps half of old and half of new in expectation: week 10 ≈ 1/2, week 9 ≈ 1/4, week 0 ≈ 1/1024.
        var lastShare = recent.Sessions.Count(s => s.Rows[0] == 10) / 1000.0;
        var previousShare = recent.Sessions.Count(s => s.Rows[0] == 9) / 1000.0;
        Assert.InRange(lastShare, 0.42, 0.58);
        Assert.InRange(previousShare, 0.18, 0.32);
        Assert.True(recent.Sessions.Count(s => s.Rows[0] <= 3) < 30);

        // The lineage sample is uniform over all 11 weeks: ≈ 1/11 from the last one.
        Assert.InRange(lineage.Sessions.Count(s => s.Rows[0] == 10) / 1000.0, 0.05, 0.14);
    }

    [Fact]
    public void Refresh_FewerCandidatesThanCapacity_KeepsThemAll()
    {
        var reservoir = new ReplayReservoir(10);
        reservoir.Refresh([new EncodedSession([1, 2], [1, 1]), new EncodedSession([3, 4], [1, 1])], new Random(4));
        reservoir.Refresh([new EncodedSession([5, 6], [1, 1])], new Random(5));

        Assert.Equal(3, reservoir.Sessions.Count);
        Assert.Equal(3, reservoir.Seen);
    }
}
