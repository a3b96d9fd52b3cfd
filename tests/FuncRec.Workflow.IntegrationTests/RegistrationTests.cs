using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Redis;
using FuncRec.Testing;
using FuncRec.Workflow.Admin;
using FuncRec.Workflow.Runner;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.IntegrationTests;

public sealed class RegistrationTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = redis.Server.ConnectionString,
            ["Redis:KeyPrefix"] = redis.KeyPrefix,
            ["BlobStorage:ConnectionString"] = azurite.ConnectionString,
            ["Updates:Models:0"] = "session-rec",
        });
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        builder.AddFuncRecRedis();
        builder.AddFuncRecBlobStorage();
        builder.AddFuncRecLocalUpdateRunner();
        return builder.Build();
    }

    [Fact]
    public void AddFuncRecLocalUpdateRunner_DefaultSettings_ResolvesHandlersAndRunner()
    {
        using var host = Build(("Updates:PollInterval", "00:00:30"));
        Assert.NotNull(host.Services.GetRequiredService<UpdateAdminHandlers>());
        Assert.IsType<LocalWorkflowRunner>(host.Services.GetRequiredService<IWorkflowClient>());
        Assert.Equal(TimeSpan.FromSeconds(30), host.Services.GetRequiredService<IOptions<UpdatesOptions>>().Value.PollInterval);
    }

    [Theory]
    [InlineData("Updates:Gate:Tolerance", "5")]
    [InlineData("Updates:Policy:DriftThreshold", "1.5")]
    [InlineData("Updates:Models:0", "bad name")]
    [InlineData("Updates:Runner:LeaseDuration", "00:00:00")]
    public void AddFuncRecLocalUpdateRunner_OutOfRangeSetting_FailsValidation(string key, string value)
    {
        using var host = Build((key, value));
        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = host.Services.GetRequiredService<IOptions<UpdatesOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<FuncRec.Core.Updates.Gate.PromotionGateOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<LocalWorkflowRunnerOptions>>().Value;
        });
    }
}
