using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DrService.BrowserTests;

/// <summary>What an SRE sees on the dashboard of the sandbox estate, in a real browser against the real service.</summary>
[Collection(SandboxCollection.Name)]
public sealed partial class DashboardPagesTests(SandboxDashboard sandbox)
{
    private static readonly string[] Verdicts = ["Ready", "AtRisk", "NotReady"];

    [Fact]
    public async Task Overview_SandboxEstate_ListsEveryApplicationWithItsVerdictFromOneRequest()
    {
        var page = await sandbox.NewPageAsync();
        var api = new List<string>();
        page.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                api.Add(path);
            }
        };

        await page.GotoAsync("/");
        var rows = page.Locator("#overview tbody tr[data-app]");
        await Assertions.Expect(rows).ToHaveCountAsync(3);

        var apps = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.app)");
        Assert.Equal(["catalog", "ledger", "orders"], apps.Order(StringComparer.Ordinal));
        var verdicts = await page.Locator("#overview tbody td[data-col=verdict]").AllInnerTextsAsync();
        Assert.All(verdicts, v => Assert.Contains(v.Trim(), Verdicts));
        var ranks = verdicts.Select(v => Array.IndexOf(["NotReady", "AtRisk", "Unknown", "Ready"], v.Trim())).ToList();
        Assert.Equal(ranks.Order().ToList(), ranks);
        await Assertions.Expect(page.Locator("#overview tbody tr[data-app=orders] td[data-col=rpo]")).ToContainTextAsync(RpoState());
        await SandboxDashboard.ScreenshotAsync(page, "overview");

        Assert.Equal(["/api/v1/overview"], api.Where(p => !p.StartsWith("/api/v1/auth/", StringComparison.Ordinal)).Distinct());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ApplicationPage_Orders_ShowsCopiesReplicationLagDnsAndProbes()
    {
        var page = await sandbox.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#overview a[href='/apps/orders']").ClickAsync();

        await page.WaitForURLAsync("**/apps/orders");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("orders");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("Readiness");
        await Assertions.Expect(page.Locator("#copies table tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#copies")).ToContainTextAsync("EbsSnapshot");
        // The sandbox seeds an hour of ReplicaLag points in CloudWatch for orders-db-dr: the chart draws them.
        await Assertions.Expect(page.Locator("#replication svg.chart path.series")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#replication")).ToContainTextAsync("replica:orders-db-dr");
        await Assertions.Expect(page.Locator("#dns")).ToContainTextAsync("orders.demo.drservice.internal");
        await Assertions.Expect(page.Locator("#probes")).ToContainTextAsync("probe:primary");
        await Assertions.Expect(page.Locator("#probes")).ToContainTextAsync(HistoryHeading());
        // Every section read the API's current shapes (paged lists are {items, nextCursor}): no "undefined" anywhere.
        await Assertions.Expect(page.Locator("#main")).Not.ToContainTextAsync("undefined");
        await Assertions.Expect(page.Locator("#main .problem")).ToHaveCountAsync(0);
        // The advisor: a row per tier, the current one (A) marked.
        await Assertions.Expect(page.Locator("#advisor tr[data-tier]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#advisor tr[data-tier=A]")).ToContainTextAsync("current");
        await SandboxDashboard.ScreenshotAsync(page, "application-orders");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"History \(\d+\+? changes\)", RegexOptions.IgnoreCase)]
    private static partial Regex HistoryHeading();

    [GeneratedRegex("Ok|AtRisk|Breached")]
    private static partial Regex RpoState();
}
