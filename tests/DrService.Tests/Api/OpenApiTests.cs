using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task Document_Anonymous_ListsEveryApiEndpointWithTheBearerScheme()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var anonymous = host.Anonymous();

        var document = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.Contains(document.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("bearer", out _));
        var paths = document.GetProperty("paths");
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.True(mapped.Count > 15, $"only {mapped.Count} API endpoints mapped");
        var missing = mapped.Where(m => !paths.TryGetProperty(m.Path, out var item) && !paths.TryGetProperty(m.Path + "/", out item) || !HasMethod(paths, m.Path, m.Method))
            .Select(m => $"{m.Method} {m.Path}").ToList();
        Assert.Empty(missing);
    }

    private static bool HasMethod(JsonElement paths, string path, string method) =>
        (paths.TryGetProperty(path, out var item) || paths.TryGetProperty(path + "/", out item)) && item.TryGetProperty(method, out _);
}
