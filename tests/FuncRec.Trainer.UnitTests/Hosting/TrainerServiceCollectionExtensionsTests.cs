using FuncRec.Trainer.Hosting;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.UnitTests.Hosting;

public sealed class TrainerServiceCollectionExtensionsTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFuncRecTrainer();
        return builder.Build();
    }

    [Fact]
    public void AddFuncRecTrainer_Configuration_BindsSectionsAndResolvesTrainer()
    {
        using var host = Build(new() { ["Model:Dim"] = "32", ["Training:Epochs"] = "5" });

        Assert.Equal(32, host.Services.GetRequiredService<IOptions<ModelOptions>>().Value.Dim);
        Assert.Equal(5, host.Services.GetRequiredService<IOptions<TrainingOptions>>().Value.Epochs);
        Assert.NotNull(host.Services.GetRequiredService<IncrementalTrainer>());
    }

    [Fact]
    public async Task AddFuncRecTrainer_DimNotDivisibleByHeads_FailsOnStart()
    {
        using var host = Build(new() { ["Model:Dim"] = "30", ["Model:Heads"] = "4" });
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
