using Azure.Storage.Blobs;
using FuncRec.Infrastructure.Blob;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Hosting;

/// <summary>Registers the trainer for the job service: options, the blob checkpoint store and <see cref="IncrementalTrainer"/>.</summary>
public static class TrainerServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ModelOptions"/> (<c>Model</c>) and <see cref="TrainingOptions"/> (<c>Training</c>) with
    /// validation on start, adds blob storage (<c>BlobStorage</c>) and registers a <see cref="CheckpointStore"/> on the
    /// models container and a singleton <see cref="IncrementalTrainer"/>.
    /// </summary>
    public static IHostApplicationBuilder AddFuncRecTrainer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ModelOptions>()
            .Bind(builder.Configuration.GetSection(ModelOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Dim % o.Heads == 0, $"{ModelOptions.SectionName}: Dim must be divisible by Heads.")
            .ValidateOnStart();
        builder.Services.AddOptions<TrainingOptions>()
            .Bind(builder.Configuration.GetSection(TrainingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddFuncRecBlobStorage();
        builder.Services.AddSingleton(sp =>
        {
            var blobs = sp.GetRequiredService<BlobServiceClient>();
            var container = blobs.GetBlobContainerClient(sp.GetRequiredService<IOptions<BlobStorageOptions>>().Value.ModelsContainer);
            return new CheckpointStore(new BlobCheckpointStorage(container));
        });
        builder.Services.AddSingleton(sp => new IncrementalTrainer(
            sp.GetRequiredService<CheckpointStore>(),
            sp.GetRequiredService<IOptions<ModelOptions>>(),
            sp.GetRequiredService<IOptions<TrainingOptions>>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
