using System.Security.Claims;
using DrService.Api;
using DrService.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrService.Tests.Api;

/// <summary>The deprecated filter, kept for branches written against it: it now admits operators and above only.</summary>
public sealed class LocalOperatorOnlyTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("viewer", false)]
    [InlineData("operator", true)]
    [InlineData("approver", true)]
    [InlineData("admin", true)]
    public async Task InvokeAsync_Caller_OnlyOperatorsAndAboveReachTheEndpoint(string? role, bool allowed)
    {
        var http = new DefaultHttpContext();
        if (role is not null)
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DrClaims.Name, "t"), new Claim(DrClaims.Role, role)], "test"));
        }
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
