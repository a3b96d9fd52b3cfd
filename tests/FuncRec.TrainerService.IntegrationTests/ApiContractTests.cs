using System.Net;
using FuncRec.Testing;
using Microsoft.Extensions.Options;

namespace FuncRec.TrainerService.IntegrationTests;

public sealed class ApiContractTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Token = "test-token-0123456789abcdef";

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""{"jobId":"a1","mode":"full","window":{"datasetSlice":"diginetica:1"}}""", "model")]
    [InlineData("""{"jobId":"a2","model":"m","mode":"full","holdoutFraction":0.9,"window":{"datasetSlice":"diginetica:1"}}""", "holdoutFraction")]
    [InlineData("""{"jobId":"a3","model":"m","mode":"full","window":{"datasetSlice":"diginetica:3-99"}}""", "window.datasetSlice")]
    [InlineData("""{"jobId":"a4","model":"m","mode":"full","window":{}}""", "exactly one of")]
    [InlineData("""{"jobId":"a5","model":"m","mode":"sideways","window":{"datasetSlice":"diginetica:1"}}""", "$.mode")]
    [InlineData("""{"jobId":"bad/id","model":"m","mode":"full","window":{"datasetSlice":"diginetica:1"}}""", "jobId")]
    [InlineData("""{"jobId":"a6","model":"m","mode":"full","window":{"from":{"t/0":5},"to":{"t/0":3}}}""", "from (5) <= to (3)")]
    [InlineData("""{"jobId":"a7","model":"m","mode":"full","window":{"datasetSlice":"diginetica:1"},"callbackUrl":"/relative"}""", "callbackUrl")]
    public async Task PostJob_BadSpec_Returns400NamingTheProblem(string body, string expected)
    {
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));
        using var response = await trainer.PostJsonAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostJob_MinimalSpec_AcceptedWithDefaults()
    {
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite));
        using var response = await trainer.PostJsonAsync("""{"jobId":"min-1","model":"m","mode":"full","window":{"datasetSlice":"diginetica:1"}}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await trainer.WaitForTerminalAsync("min-1");
        Assert.True(done.State == FuncRec.Core.Training.TrainingJobState.Succeeded, done.Error);

        // Omitted members take the contract's defaults (holdoutFraction 0.1), so the version is evaluated.
        Assert.True(done.Metrics.ContainsKey("recall@20"), string.Join(", ", done.Metrics.Keys));
    }

    [Fact]
    public async Task PostJob_OutsideDevelopmentWithoutValidToken_Returns401()
    {
        await using var trainer = await TrainerInstance.StartAsync(new TrainerStorage(azurite), environment: "Production", token: Token);
        using var anonymous = new HttpClient { BaseAddress = trainer.Client.BaseAddress };
        var spec = """{"jobId":"auth-1","model":"m","mode":"full","window":{"datasetSlice":"diginetica:1"}}""";

        using var missing = await anonymous.PostAsync("/jobs", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("Missing bearer token", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", Token + "x");
        using var wrong = await anonymous.GetAsync("/jobs/auth-1");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not valid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Probes stay anonymous: Container Apps health probes send no token.
        anonymous.DefaultRequestHeaders.Authorization = null;
        using var alive = await anonymous.GetAsync("/alive");
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var missingJob = await trainer.Client.GetAsync("/jobs/auth-1");
        Assert.Equal(HttpStatusCode.NotFound, missingJob.StatusCode);
    }

    [Fact]
    public async Task Start_ProductionWithoutToken_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TrainerInstance.StartAsync(new TrainerStorage(azurite), environment: "Production"));
        Assert.Contains("TrainerAuth:BearerToken", error.Message, StringComparison.Ordinal);
    }
}
