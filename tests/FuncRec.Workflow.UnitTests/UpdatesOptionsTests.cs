namespace FuncRec.Workflow.UnitTests;

public sealed class UpdatesOptionsTests
{
    [Fact]
    public void CallbackUrlFor_BaseWithFunctionKeyQuery_KeepsQueryAfterRoute()
    {
        var options = new UpdatesOptions { CallbackBaseUrl = new Uri("https://func-x.azurewebsites.net/api/ops/?code=abc123") };

        Assert.Equal("https://func-x.azurewebsites.net/api/ops/admin/models/session-rec/training-callback?code=abc123",
            options.CallbackUrlFor("session-rec")!.AbsoluteUri);
    }

    [Fact]
    public void CallbackUrlFor_PlainBase_AppendsRoute()
    {
        var options = new UpdatesOptions { CallbackBaseUrl = new Uri("http://localhost:7071/api/ops/") };

        Assert.Equal("http://localhost:7071/api/ops/admin/models/m1/training-callback", options.WorkflowSettings("m1").CallbackUrl!.AbsoluteUri);
    }

    [Fact]
    public void CallbackUrlFor_NoBase_Null()
    {
        Assert.Null(new UpdatesOptions().CallbackUrlFor("m1"));
    }
}
