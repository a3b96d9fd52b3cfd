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
    private IHost Build(params (string Key, string Value)[] settings) => Build(null, settings);

    private IHost Build(Action<IServiceCollection>? services, params (string Key, string Value)[] settings)
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
        services?.Invoke(builder.Services);
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

    [Fact]
    public async Task LocalWorker_UpdateTriggeredThroughAdmin_DrivenToPromotion()
    {
        var h = new WorkflowHarness(redis, azurite);
        await h.SeedAsync("session-rec");
        using var host = Build(
            services =>
            {
                services.AddSingleton<FuncRec.Workflow.Trainer.ITrainerClient>(h.Trainer);
                services.AddSingleton(h.Evaluator);
            },
            ("Redis:KeyPrefix", h.Prefix),
            ("BlobStorage:ModelsContainer", h.Container.Name),
            ("Updates:PollInterval", "00:00:00.2"),
            ("Updates:ActivityFirstRetry", "00:00:00.01"),
            ("Updates:PolicyTickInterval", "01:00:00"),
            ("Updates:Runner:WorkerPollInterval", "00:00:00.1"),
            ("Updates:Runner:InboxPollInterval", "00:00:00.02"));
        await host.StartAsync();
        var admin = host.Services.GetRequiredService<UpdateAdminHandlers>();
        h.Trainer.Callback = s => admin.TrainingCallbackAsync("session-rec", s, CancellationToken.None);

        var trigger = await admin.TriggerUpdateAsync("session-rec", new TriggerUpdateCommand("ops", "worker test"), CancellationToken.None);
        Assert.Equal(202, trigger.StatusCode);

        // Wait for the hosted worker to drive the instance; the deadline only bounds a hang, it is not asserted on.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        AdminResult<ModelUpdateStatus> status;
        do
        {
            await Task.Delay(100);
            status = await admin.GetStatusAsync("session-rec", CancellationToken.None);
        }
        while (status.Value!.LastOutcomes.Count == 0 && DateTime.UtcNow < deadline);

        await host.StopAsync();
        var outcome = Assert.Single(status.Value!.LastOutcomes);
        Assert.True(outcome.Kind == FuncRec.Core.Updates.UpdateOutcomeKind.Promoted, outcome.Detail);
        Assert.Equal(outcome.CandidateVersion, status.Value.CurrentVersion);
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
