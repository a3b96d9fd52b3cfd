using FuncRec.Serving.Loading;
using FuncRec.Testing;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Model;
using Xunit.Abstractions;

namespace FuncRec.Parity.IntegrationTests;

/// <summary>
/// The production hand-off end to end: the trainer's <see cref="CheckpointStore"/> writes a version to
/// blob storage (real Azurite) and serving's <see cref="ModelLoader"/> reads it back.
/// </summary>
public sealed class CheckpointParityTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ModelLoader_VersionSavedByTrainerCheckpointStoreOnAzurite_UserVectorsMatchTorchWithin1e4()
    {
        const int seed = 61;
        var maps = ParityHarness.NewIdMaps(seed);
        var options = new ModelOptions { Dim = 32, MaxLength = 20, Blocks = 2, Heads = 2, QueryBuckets = 512 };
        var model = ParityHarness.NewRandomModel(options, maps, seed);
        using var state = CheckpointRoundTrip.State(model, maps);
        var serving = await CheckpointRoundTrip.SaveAndLoadAsync(azurite, state, "v-parity");

        Assert.Equal("v-parity", serving.Version);
        Assert.NotNull(serving.IdMaps);
        Assert.Equal(maps.ItemIds, serving.IdMaps.ItemIds);

        var sessions = ParityHarness.RandomSessions(64, options.MaxLength, maps.ItemRows, seed);
        var expected = ParityHarness.TorchUsers(model, sessions, seed);
        var actual = ParityHarness.ServingUsers(serving, sessions);
        var userDiff = ParityHarness.MaxAbsDiff(expected, actual);
        var scoreDiff = ParityHarness.MaxAbsDiff(ParityHarness.TorchScores(model, expected), ParityHarness.ServingScores(serving, actual));

        output.WriteLine($"blob round trip: max|Δuser| = {userDiff:E3}, max|Δscore| = {scoreDiff:E3}");
        Assert.True(userDiff <= 1e-4, $"max |torch - serving| over user vectors = {userDiff:E3}");
        Assert.True(scoreDiff <= 1e-4, $"max |torch - serving| over scores = {scoreDiff:E3}");
    }
}
