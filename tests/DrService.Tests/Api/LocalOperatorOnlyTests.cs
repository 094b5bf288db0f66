using System.Net;
using DrService.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrService.Tests.Api;

public sealed class LocalOperatorOnlyTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("192.0.2.10", false)]
    [InlineData(null, false)]
    public async Task InvokeAsync_Caller_OnlyLoopbackReachesTheEndpoint(string? remote, bool allowed)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        var reached = false;

        var result = await new LocalOperatorOnly().InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ =>
        {
            reached = true;
            return ValueTask.FromResult<object?>("done");
        });

        Assert.Equal(allowed, reached);
        if (!allowed)
        {
            var problem = Assert.IsType<ProblemHttpResult>(result);
            Assert.Equal(StatusCodes.Status403Forbidden, problem.StatusCode);
        }
    }
}
