using FuncRec.Serving.Handlers;
using FuncRec.Serving.Hosting;
using FuncRec.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FuncRec.Serving.IntegrationTests;

public sealed class ServingRegistrationTests(RedisFixture redis, AzuriteFixture azurite) : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private HostApplicationBuilder NewBuilder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = redis.Server.ConnectionString,
            ["BlobStorage:ConnectionString"] = azurite.ConnectionString,
            ["BlobStorage:ModelsContainer"] = AzuriteFixture.NewContainerName("r"),
        });
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        builder.AddFuncRecServing();
        return builder;
    }

    [Fact]
    public async Task AddFuncRecServing_DefaultConfiguration_StartsAndResolvesHandlersAndHolder()
    {
        using var host = NewBuilder(("Serving:MaxK", "50")).Build();

        await host.StartAsync();
        var handlers = host.Services.GetRequiredService<ScoringHandlers>();
        var source = host.Services.GetRequiredService<IServingModelSource>();
        var result = await handlers.RecommendAsync(new RecommendRequest("u1", 51));
        await host.StopAsync();

        Assert.Same(host.Services.GetRequiredService<ModelHolder>(), source);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("between 1 and 50", result.Problem!.Detail);
    }

    [Theory]
    [InlineData("Serving:MaxK", "0")]
    [InlineData("Serving:Model", "bad/name")]
    [InlineData("Search:PersonalWeight", "-1")]
    public async Task AddFuncRecServing_InvalidOption_FailsAtStart(string key, string value)
    {
        using var host = NewBuilder((key, value)).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key.Split(':')[1], error.Message);
    }
}
