using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Azure.Storage.Blobs;
using FuncRec.Core.Training;
using FuncRec.Testing;
using FuncRec.Trainer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FuncRec.TrainerService.IntegrationTests;

/// <summary>The trainer service started in-process on a free loopback port, over real Azurite.</summary>
internal sealed class TrainerInstance : IAsyncDisposable
{
    private TrainerInstance(WebApplication app, HttpClient client, TrainerStorage storage)
    {
        App = app;
        Client = client;
        Storage = storage;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public TrainerStorage Storage { get; }

    public static async Task<TrainerInstance> StartAsync(
        TrainerStorage storage,
        string environment = "Development",
        string? token = null,
        Action<IServiceCollection>? services = null,
        params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", environment,
            .. storage.ConfigurationArgs(),
            "--Trainer:Threads=1",
            "--Trainer:ProgressStepPercent=5",
            "--CooccurrenceTrainer:Dim=16",
            "--TrainerCallback:InitialDelay=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
            .. token is null ? Array.Empty<string>() : [$"--TrainerAuth:BearerToken={token}"],
            .. extraArgs,
        ];
        var app = FuncRec.Trainer.Hosting.TrainerService.Build(args, services);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new TrainerInstance(app, client, storage);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string json) =>
        Client.PostAsync("/jobs", new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostAsync(TrainingJobSpec spec) =>
        Client.PostAsJsonAsync("/jobs", spec, TrainingJsonContext.Default.TrainingJobSpec);

    public async Task<TrainingJobStatus> GetStatusAsync(string jobId)
    {
        using var response = await Client.GetAsync($"/jobs/{jobId}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(TrainingJsonContext.Default.TrainingJobStatus))!;
    }

    /// <summary>Polls the status until <paramref name="done"/> holds; a 2-minute guard turns a hang into a failure.</summary>
    public async Task<TrainingJobStatus> WaitForAsync(string jobId, Func<TrainingJobStatus, bool> done)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        TrainingJobStatus status;
        while (!done(status = await GetStatusAsync(jobId)))
        {
            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"Job {jobId} never reached the expected state; last status {status.State} {status.ProgressPercent}% {status.Error}");
            }

            await Task.Delay(50);
        }

        return status;
    }

    public Task<TrainingJobStatus> WaitForTerminalAsync(string jobId) => WaitForAsync(jobId, s => s.IsTerminal);

    /// <summary>Stops the host, giving running work at most <paramref name="grace"/> to finish.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await App.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The grace period ran out with work still running: exactly the hard stop the caller asked for.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync(TimeSpan.FromSeconds(5));
        await App.DisposeAsync();
    }
}

/// <summary>Containers unique to one test in the shared Azurite.</summary>
internal sealed class TrainerStorage(AzuriteFixture azurite)
{
    public string ConnectionString { get; } = azurite.ConnectionString;

    public string ModelsContainer { get; } = AzuriteFixture.NewContainerName("models");

    public string OperationsContainer { get; } = AzuriteFixture.NewContainerName("ops");

    public BlobContainerClient Models => azurite.BlobService.GetBlobContainerClient(ModelsContainer);

    public BlobContainerClient Operations => azurite.BlobService.GetBlobContainerClient(OperationsContainer);

    public string[] ConfigurationArgs() =>
    [
        $"--BlobStorage:ConnectionString={ConnectionString}",
        $"--BlobStorage:ModelsContainer={ModelsContainer}",
        $"--BlobStorage:OperationsContainer={OperationsContainer}",
        // The service's contract is what these tests check; the small co-occurrence executor keeps them fast.
        // The TorchSharp IncrementalTrainer has its own tests in FuncRec.Trainer.*Tests.
        $"--Trainer:Executor={TrainerOptions.CooccurrenceExecutor}",
    ];
}
