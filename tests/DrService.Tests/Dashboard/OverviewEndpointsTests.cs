using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using DrService.Configuration;
using DrService.Dashboard;
using DrService.Readiness;
using DrService.Storage;
using DrService.Testing;
using DrService.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Dashboard;

/// <summary>GET /api/v1/overview over HTTP, on a real SQLite database, with every database command counted.</summary>
public sealed class OverviewEndpointsTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Overview_200Applications_SameNumberOfQueriesAs5()
    {
        var (small, _) = await OverviewAsync(5);
        var (large, overview) = await OverviewAsync(200);

        Assert.Equal(small, large);
        Assert.InRange(large, 1, 5);
        Assert.Equal(200, overview.Applications.Count);
    }

    [Fact]
    public async Task Overview_Estate_WorstFirstWithRpoHealthAlertsAndNewestVerdict()
    {
        var (_, overview) = await OverviewAsync(10);

        // app000 and app005: replica lag 1800 s past the 900 s RPO: NotReady, first, with their critical alert.
        Assert.Equal(["app000", "app005"], overview.Applications.Take(2).Select(a => a.Application).Order(StringComparer.Ordinal));
        Assert.All(overview.Applications.Take(2), a =>
        {
            Assert.Equal(ReadinessVerdict.NotReady, a.Verdict);
            Assert.Equal(("Breached", 1800.0), (a.Rpo.State, a.Rpo.ReplicaLagSeconds!.Value));
            Assert.Equal(new OverviewAlerts(1, 0, 0), a.Alerts);
        });
        Assert.Equal(2, overview.Verdicts["NotReady"]);
        var ranks = overview.Applications.Select(a => a.Rank).ToList();
        Assert.Equal(ranks.OrderDescending(), ranks);

        var app003 = overview.Applications.Single(a => a.Application == "app003");
        Assert.Equal((ReadinessVerdict.AtRisk, "AtRisk"), (app003.Verdict, app003.Rpo.State));
        Assert.Equal(("Up", "Up", "Healthy"), (app003.Health.Primary, app003.Health.Secondary, app003.Health.Witness));
        Assert.Equal(OverviewEstate.At.AddMinutes(-5), app003.Health.WitnessSince);
        Assert.Equal(("NoDrill", 1800.0), (app003.Rto.State, app003.Rto.TargetSeconds));
        Assert.Equal(OverviewAlerts.None, app003.Alerts);

        var app001 = overview.Applications.Single(a => a.Application == "app001");
        Assert.Equal((ReadinessVerdict.Ready, "Ok", 300.0), (app001.Verdict, app001.Rpo.State, app001.Rpo.DataLossSeconds!.Value));
        Assert.Equal(("us-east-1", "us-east-1"), (app001.ActiveRegion, app001.PrimaryRegion));
    }

    [Fact]
    public async Task Application_Unknown_NotFoundProblem()
    {
        using var database = TestDatabase.Sqlite();
        await using var api = await StartAsync(database, 1, new QueryCounter());

        using var response = await api.Client.GetAsync(new Uri("/api/v1/overview/nope", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Application_One_EveryReasonAndCondition()
    {
        using var database = TestDatabase.Sqlite();
        await using var api = await StartAsync(database, 5, new QueryCounter());

        var detail = await api.Client.GetFromJsonAsync<ApplicationOverview>("/api/v1/overview/app000", Json);

        Assert.NotNull(detail);
        Assert.Equal(ReadinessVerdict.NotReady, detail.Summary.Verdict);
        Assert.Equal(3, detail.Conditions.Count);
        Assert.Contains(detail.Conditions, c => c.Type == "ReplicaLagWithinRpo" && c.Status == "False" && c.Value == 1800);
        Assert.Equal(detail.Summary.ReasonCount, detail.Summary.Reasons.Count);
    }

    private static async Task<(int Queries, Overview Overview)> OverviewAsync(int applications)
    {
        using var database = TestDatabase.Sqlite();
        var counter = new QueryCounter();
        await using var api = await StartAsync(database, applications, counter);
        counter.Reset();

        var overview = await api.Client.GetFromJsonAsync<Overview>("/api/v1/overview", Json);

        Assert.NotNull(overview);
        return (counter.Count, overview);
    }

    private static async Task<Api> StartAsync(TestDatabase database, int applications, QueryCounter counter)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(OverviewEstate.At));
        builder.Services.AddDrStorage(database.Connection);
        builder.Services.ConfigureDbContext<SqliteDrDbContext>(o => o.AddInterceptors(counter));
        builder.Services.AddOptions<DrOptions>().Configure(o =>
        {
            foreach (var (name, app) in OverviewEstate.Options(applications).Applications)
            {
                o.Applications[name] = app;
            }
        });
        builder.Services.AddDrDashboard();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var app = builder.Build();
        await app.Services.MigrateDrDatabaseAsync();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync())
        {
            OverviewEstate.Seed(db, applications);
        }
        app.MapDrOverview();
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
