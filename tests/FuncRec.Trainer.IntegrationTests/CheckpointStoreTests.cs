using System.Security.Cryptography;
using System.Text.Json;
using FuncRec.Core.Checkpoints;
using FuncRec.Testing;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.IntegrationTests;

public sealed class CheckpointStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static TrainerState NewState()
    {
        var maps = new ModelIdMaps();
        maps.GetOrAddItem("a", "x");
        maps.GetOrAddItem("b");
        maps.GetOrAddItem("c", "y");
        random.manual_seed(5);
        var model = new SessionRecModel(new ModelOptions { Dim = 8, MaxLength = 6, Blocks = 2, Heads = 2, QueryBuckets = 16 }, maps.ItemRows, maps.CategoryRows);
        model.SetItemCategories(ModelGrowth.CategoryRows(maps));
        model.eval();
        var adam = new AdamOptimizer(0.001) { StepCount = 3 };
        foreach (var (name, p) in model.named_parameters())
        {
            adam.SetState(name, randn_like(p), rand_like(p));
        }

        return new TrainerState(model, maps, adam, ReplayReservoir.Restore(4, 9, [new EncodedSession([1, 2], [1, 1])]), [0, 3, 2, 1]);
    }

    private static ModelManifest Manifest(string version) => new()
    {
        Model = "session-rec",
        Version = version,
        CreatedUtc = DateTimeOffset.UnixEpoch,
        Mode = "full",
        TrainerVersion = "test",
        Sha256 = new Dictionary<string, string>(),
    };

    private CheckpointStore NewStore(out Azure.Storage.Blobs.BlobContainerClient container)
    {
        container = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.NewContainerName("ckpt"));
        return new CheckpointStore(new BlobCheckpointStorage(container));
    }

    [Fact]
    public async Task SaveLoad_Azurite_ReproducesOutputsAndStateBitForBit()
    {
        var store = NewStore(out _);
        using var state = NewState();
        await store.SaveAsync(state, Manifest("v1"));
        var (manifest, loaded) = await store.LoadAsync("session-rec", "v1", CPU);
        using var owned = loaded;
        loaded.Model.eval();

        using var items = tensor(new long[] { 0, 1, 3, 2, 1, 1 }, [2, 3]);
        using var types = tensor(new long[] { 0, 1, 1, 1, 2, 1 }, [2, 3]);
        using var grad = no_grad();
        using var before = state.Model.forward(items, types).matmul(state.Model.ItemVectors().t());
        using var after = loaded.Model.forward(items, types).matmul(loaded.Model.ItemVectors().t());
        Assert.Equal(before.data<float>().ToArray(), after.data<float>().ToArray());

        var original = state.Model.state_dict();
        foreach (var (name, value) in loaded.Model.state_dict())
        {
            Assert.True(value.eq(original[name]).all().item<bool>(), name);
        }

        Assert.Equal(state.Optimizer.StepCount, loaded.Optimizer.StepCount);
        foreach (var (name, (m, v)) in state.Optimizer.State)
        {
            Assert.True(loaded.Optimizer.State[name].ExpAvg.eq(m).all().item<bool>(), name);
            Assert.True(loaded.Optimizer.State[name].ExpAvgSq.eq(v).all().item<bool>(), name);
        }

        Assert.Equal(state.IdMaps.ItemIds, loaded.IdMaps.ItemIds);
        Assert.Equal(state.IdMaps.CategoryIds, loaded.IdMaps.CategoryIds);
        Assert.Equal(state.ItemCounts, loaded.ItemCounts);
        Assert.Equal(9, loaded.Replay.Seen);
        Assert.Equal(CheckpointLayout.DataFiles.Order(), manifest.Sha256.Keys.Order());
        Assert.Equal(0, loaded.Cooccurrence.PairCount);
    }

    [Fact]
    public async Task SaveLoad_WithCooccurrence_WritesItsFileListedInManifestAndRestoresIt()
    {
        var store = NewStore(out var container);
        using var state = NewState();
        state.Cooccurrence = ItemCooccurrence.Empty.Update([[1, 2, 3], [2, 3]], 1.0, rows: 4, neighbors: 10, maxSessionItems: 30);
        await store.SaveAsync(state, Manifest("v5"));

        var (manifest, loaded) = await store.LoadAsync("session-rec", "v5", CPU);
        using var owned = loaded;

        var blob = await container.GetBlobClient(CheckpointLayout.VersionFile("session-rec", "v5", CheckpointLayout.CooccurrenceFile)).DownloadContentAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(blob.Value.Content.ToArray())), manifest.Sha256[CheckpointLayout.CooccurrenceFile]);
        Assert.Equal(4, loaded.Cooccurrence.Rows);
        Assert.Equal([1, 3], loaded.Cooccurrence.NeighborsOf(2).ToArray());
        Assert.Equal([1f, 2f], loaded.Cooccurrence.WeightsOf(2).ToArray());
    }

    [Fact]
    public async Task Save_Azurite_WritesStandardWeightsAndManifestWithSha256OfEachBlob()
    {
        var store = NewStore(out var container);
        using var state = NewState();
        await store.SaveAsync(state, Manifest("v2"));

        var manifestBlob = await container.GetBlobClient(CheckpointLayout.VersionFile("session-rec", "v2", CheckpointLayout.ManifestFile)).DownloadContentAsync();
        var manifest = JsonSerializer.Deserialize(manifestBlob.Value.Content.ToArray(), CheckpointJsonContext.Default.ModelManifest)!;
        foreach (var file in CheckpointLayout.DataFiles)
        {
            var blob = await container.GetBlobClient(CheckpointLayout.VersionFile("session-rec", "v2", file)).DownloadContentAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(blob.Value.Content.ToArray())), manifest.Sha256[file]);
        }

        var weights = SafeTensorsFile.Read((await container.GetBlobClient(CheckpointLayout.VersionFile("session-rec", "v2", CheckpointLayout.WeightsFile)).DownloadContentAsync()).Value.Content.ToMemory());
        Assert.Equal("pt", weights.Metadata["format"]);
        Assert.Equal("8", weights.Metadata["dim"]);
        Assert.Equal("6", weights.Metadata["max_length"]);
        Assert.Equal("2", weights.Metadata["blocks"]);
        Assert.Equal("2", weights.Metadata["heads"]);
        Assert.Equal("16", weights.Metadata["query_buckets"]);
        Assert.Equal(SafeTensorDType.I64, weights.Get("item_category").DType);
        Assert.Equal(new long[] { 8, 8 }, weights.Get("blocks.1.attn.o.weight").Shape);
        Assert.Equal(new long[] { 4, 8 }, weights.Get("item_emb.weight").Shape);
    }

    [Fact]
    public async Task Load_TamperedBlob_ThrowsInvalidData()
    {
        var store = NewStore(out var container);
        using var state = NewState();
        await store.SaveAsync(state, Manifest("v3"));
        var idmap = container.GetBlobClient(CheckpointLayout.VersionFile("session-rec", "v3", CheckpointLayout.IdMapFile));
        var bytes = (await idmap.DownloadContentAsync()).Value.Content.ToArray();
        bytes[^1] ^= 0xFF;
        await idmap.UploadAsync(new BinaryData(bytes), overwrite: true);

        await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("session-rec", "v3", CPU));
    }

    [Fact]
    public async Task Load_VersionWithoutManifest_ThrowsInvalidData()
    {
        var store = NewStore(out _);
        await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("session-rec", "missing", CPU));
    }
}
