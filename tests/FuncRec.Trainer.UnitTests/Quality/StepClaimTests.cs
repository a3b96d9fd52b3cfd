using System.Diagnostics;
using FuncRec.Trainer.Quality;

namespace FuncRec.Trainer.UnitTests.Quality;

public sealed class StepClaimTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("funcrec-claims-").FullName;

    [Fact]
    public void TryAcquire_FreeStep_HoldsUntilDisposed()
    {
        var claim = StepClaim.TryAcquire(_work, "full-w7");

        Assert.NotNull(claim);
        Assert.Equal(StepClaim.Describe(Process.GetCurrentProcess()), File.ReadAllText(StepClaim.PathOf(_work, "full-w7")));
        Assert.True(StepClaim.IsHeld(_work, "full-w7"));
        Assert.Null(StepClaim.TryAcquire(_work, "full-w7"));
        using var other = StepClaim.TryAcquire(_work, "full-w8");
        Assert.NotNull(other);

        claim.Dispose();

        Assert.False(File.Exists(StepClaim.PathOf(_work, "full-w7")));
        Assert.False(StepClaim.IsHeld(_work, "full-w7"));
    }

    [Fact]
    public void TryAcquire_HolderHasExited_TakesTheClaimOver()
    {
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        ended.WaitForExit();
        WriteClaim("full-w9", $"{Environment.MachineName} {ended.Id} 638000000000000000");

        Assert.False(StepClaim.IsHeld(_work, "full-w9"));
        using var claim = StepClaim.TryAcquire(_work, "full-w9");

        Assert.NotNull(claim);
        Assert.Equal(StepClaim.Describe(Process.GetCurrentProcess()), File.ReadAllText(StepClaim.PathOf(_work, "full-w9")));
    }

    [Fact]
    public void TryAcquire_LiveProcessIdWithAnotherStartTime_TreatsTheIdAsReused()
    {
        var self = Process.GetCurrentProcess();
        WriteClaim("full-w10", $"{Environment.MachineName} {self.Id} {self.StartTime.ToUniversalTime().AddHours(-1).Ticks}");

        Assert.False(StepClaim.IsHeld(_work, "full-w10"));
        using var claim = StepClaim.TryAcquire(_work, "full-w10");
        Assert.NotNull(claim);
    }

    [Fact]
    public void IsHeld_LiveHolderWhoseStartTimeWasReadSlightlyDifferently_CountsAsLive()
    {
        // Another process reads the holder's start time through its own view of the boot time, a few ms apart.
        using var holder = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            WriteClaim("full-w13", $"{Environment.MachineName} {holder.Id} {holder.StartTime.ToUniversalTime().AddMilliseconds(40).Ticks}");

            Assert.True(StepClaim.IsHeld(_work, "full-w13"));
            Assert.Null(StepClaim.TryAcquire(_work, "full-w13"));
        }
        finally
        {
            holder.Kill();
        }
    }

    [Fact]
    public void TryAcquire_ClaimFromAnotherMachine_CountsAsLive()
    {
        WriteClaim("full-w11", "some-other-host 1 0");

        Assert.True(StepClaim.IsHeld(_work, "full-w11"));
        Assert.Null(StepClaim.TryAcquire(_work, "full-w11"));
        Assert.Equal("some-other-host 1 0", File.ReadAllText(StepClaim.PathOf(_work, "full-w11")));
    }

    [Fact]
    public void IsHeld_EmptyClaimFile_LiveOnlyWhileFresh()
    {
        WriteClaim("full-w12", string.Empty);
        Assert.True(StepClaim.IsHeld(_work, "full-w12"));

        File.SetLastWriteTimeUtc(StepClaim.PathOf(_work, "full-w12"), DateTime.UtcNow.AddMinutes(-5));

        Assert.False(StepClaim.IsHeld(_work, "full-w12"));
    }

    private void WriteClaim(string step, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StepClaim.PathOf(_work, step))!);
        File.WriteAllText(StepClaim.PathOf(_work, step), text);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
