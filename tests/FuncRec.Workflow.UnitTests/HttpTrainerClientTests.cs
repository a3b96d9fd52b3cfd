using System.Net;
using System.Text;
using FuncRec.Core.Training;
using FuncRec.Workflow.Trainer;

namespace FuncRec.Workflow.UnitTests;

public sealed class HttpTrainerClientTests
{
    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath} {body}");
            return respond(request);
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode code, string json) =>
        new(code) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static readonly TrainingJobSpec s_spec = new()
    {
        JobId = "update-m-000001",
        Model = "m",
        ParentVersion = "v0",
        Mode = TrainingMode.Incremental,
        Window = new() { From = new Dictionary<string, long> { ["t/0"] = 10 }, To = new Dictionary<string, long> { ["t/0"] = 20 } },
        CallbackUrl = new Uri("http://host/admin/models/m/training-callback"),
    };

    [Fact]
    public async Task Submit_Accepted_PostsSpecAsWebJsonWithStringEnums()
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.Accepted, """{"jobId":"update-m-000001","state":"Queued","progressPercent":0}"""));
        var client = new HttpTrainerClient(new HttpClient(handler) { BaseAddress = new Uri("http://trainer/") });
        var status = await client.SubmitAsync(s_spec, CancellationToken.None);

        Assert.Equal(TrainingJobState.Queued, status.State);
        var request = Assert.Single(handler.Requests);
        Assert.StartsWith("POST /jobs ", request, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"Incremental\"", request, StringComparison.Ordinal);
        Assert.Contains("\"parentVersion\":\"v0\"", request, StringComparison.Ordinal);
        Assert.Contains("\"callbackUrl\":\"http://host/admin/models/m/training-callback\"", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Conflict_ReturnsTheExistingJobInsteadOfFailing()
    {
        var handler = new ScriptedHandler(r => r.Method == HttpMethod.Post
            ? new HttpResponseMessage(HttpStatusCode.Conflict)
            : Json(HttpStatusCode.OK, """{"jobId":"update-m-000001","state":"Running","progressPercent":40}"""));
        var client = new HttpTrainerClient(new HttpClient(handler) { BaseAddress = new Uri("http://trainer/") });
        var status = await client.SubmitAsync(s_spec, CancellationToken.None);

        Assert.Equal(TrainingJobState.Running, status.State);
        Assert.Equal(40, status.ProgressPercent);
        Assert.StartsWith("GET /jobs/update-m-000001", handler.Requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatus_UnknownJob_Null()
    {
        var client = new HttpTrainerClient(new HttpClient(new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound))) { BaseAddress = new Uri("http://trainer/") });
        Assert.Null(await client.GetStatusAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task Submit_ServerError_Throws()
    {
        var client = new HttpTrainerClient(new HttpClient(new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))) { BaseAddress = new Uri("http://trainer/") });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SubmitAsync(s_spec, CancellationToken.None));
    }
}
