using FuncRec.Core.Checkpoints;
using FuncRec.Infrastructure.Blob;
using FuncRec.Serving;
using FuncRec.Serving.Loading;
using FuncRec.Serving.Model;
using FuncRec.Testing;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;

namespace FuncRec.Parity.IntegrationTests;

/// <summary>The production hand-off: the trainer's <see cref="CheckpointStore"/> writes a version to Azurite, serving's <see cref="ModelLoader"/> reads it.</summary>
internal static class CheckpointRoundTrip
{
    public const string ModelName = "session-rec";

    /// <summary>A trainer state around <paramref name="model"/>; disposing it disposes the model.</summary>
    public static TrainerState State(SessionRecModel model, ModelIdMaps maps) =>
        new(model, maps, new AdamOptimizer(0.001), new ReplayReservoir(4), new List<long>(new long[maps.ItemRows]));

    /// <summary>
    /// Saves <paramref name="state"/> through the trainer's store and loads it as serving does; a positive
    /// <paramref name="cooccurrenceWeight"/> is recorded in the manifest as the trainer records it.
    /// </summary>
    public static async Task<ServingModel> SaveAndLoadAsync(AzuriteFixture azurite, TrainerState state, string version, double cooccurrenceWeight = 0)
    {
        var container = AzuriteFixture.NewContainerName("parity");
        var store = new CheckpointStore(new BlobCheckpointStorage(azurite.BlobService.GetBlobContainerClient(container)));
        await store.SaveAsync(state, new ModelManifest
        {
            Model = ModelName,
            Version = version,
            CreatedUtc = DateTimeOffset.UnixEpoch,
            Mode = "full",
            TrainerVersion = "parity-test",
            Hyperparameters = new Dictionary<string, string> { [ItemCooccurrence.WeightHyperparameter] = cooccurrenceWeight.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Sha256 = new Dictionary<string, string>(),
        });

        // Loaded by model name, as the gate does, not through the loader's configured serving model.
        var loader = new ModelLoader(
            azurite.BlobService,
            Options.Create(new BlobStorageOptions { ModelsContainer = container }),
            Options.Create(new ServingOptions { Model = ModelName }));
        return await loader.LoadAsync(ModelName, version, CancellationToken.None);
    }
}
