using FuncRec.Core.Checkpoints;

namespace FuncRec.Core.UnitTests.Checkpoints;

public sealed class CheckpointLayoutTests
{
    [Fact]
    public void VersionFile_ModelAndVersion_FollowsLayout() =>
        Assert.Equal("models/session-rec/versions/v1/manifest.json",
            CheckpointLayout.VersionFile("session-rec", "v1", CheckpointLayout.ManifestFile));

    [Fact]
    public void CurrentPath_Model_IsPointerBlob() =>
        Assert.Equal("models/m/CURRENT", CheckpointLayout.CurrentPath("m"));

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("name with space")]
    public void VersionPrefix_UnsafeName_Throws(string version) =>
        Assert.Throws<ArgumentException>(() => CheckpointLayout.VersionPrefix("m", version));

    [Fact]
    public void NewVersionName_LaterTime_SortsAfterEarlierTime()
    {
        var t = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var earlier = CheckpointLayout.NewVersionName(t, "a");
        var later = CheckpointLayout.NewVersionName(t.AddMilliseconds(1), "a");

        Assert.Equal("v20260102T030405006Z-a", earlier);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }
}
