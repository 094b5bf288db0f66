using System.Net;
using System.Net.Http.Json;
using DrService.Alerts;
using DrService.Configuration;
using DrService.Storage;
using DrService.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DrService.Tests.Alerts;

public sealed class AlertsEndpointsTests
{
    [Theory]
    [InlineData("", 2)]
    [InlineData("?state=firing", 1)]
    [InlineData("?state=Resolved", 1)]
    [InlineData("?application=orders", 2)]
    [InlineData("?application=billing", 0)]
    [InlineData("?limit=1", 1)]
    public async Task ListAsync_Query_FiltersAndPages(string query, int items)
    {
        await using var h = await AlertsHarness.StartAsync(AlertChannelType.Webhook);
        var other = ConditionBuilder.For().Subject("s3:orders-assets").Warning().Build();
        var lag = ConditionBuilder.For().Critical().Build();
        await h.CycleAsync(lag, other);
        await h.CycleAsync(lag, other);
        await h.CycleAsync(other);
        await using var api = await StartApiAsync(h);

        var page = await api.Client.GetFromJsonAsync<DrService.Api.Page<AlertView>>("/api/v1/alerts" + query);

        Assert.NotNull(page);
        Assert.Equal(items, page.Items.Count);
        Assert.All(page.Items, a => Assert.Single(a.Deliveries, d => d.Event == "Trigger"));
        if (query == "?state=Resolved")
        {
            var resolved = Assert.Single(page.Items);
            Assert.Equal(("orders/replica:orders-db-dr/ReplicaLagWithinRpo", "Resolved"), (resolved.Key, resolved.State));
            Assert.Equal(["Trigger", "Resolve"], resolved.Deliveries.Select(d => d.Event));
        }
    }

    [Theory]
    [InlineData("?state=open")]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=abc")]
    [InlineData("?cursor=not-a-cursor")]
    public async Task ListAsync_InvalidQuery_BadRequest(string query)
    {
        await using var h = await AlertsHarness.StartAsync(AlertChannelType.Webhook);
        await using var api = await StartApiAsync(h);

        var response = await api.Client.GetAsync(new Uri("/api/v1/alerts" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<Api> StartApiAsync(AlertsHarness h)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton(h.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DrDbContext>>());
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.MapDrAlerts();
        await app.StartAsync();
        return new Api(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
    }

    private sealed record Api(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
