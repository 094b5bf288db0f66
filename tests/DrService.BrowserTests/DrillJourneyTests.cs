using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DrService.BrowserTests;

/// <summary>
/// An SRE's first hour with the sandbox, in a real browser: sign in with the printed admin token, read the estate,
/// start a drill of orders from the dry-run plan, follow it to the end and read what RTO and RPO it achieved.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed partial class DrillJourneyTests(SandboxDashboard sandbox)
{
    [Fact]
    public async Task SignIn_FirstRunAdminToken_OpensTheOverviewOfTheSandboxApplications()
    {
        var page = await sandbox.NewAnonymousPageAsync();

        // Not signed in: the overview sends the browser to the sign-in page, and back after it.
        await page.GotoAsync("/");
        await page.WaitForURLAsync(SignInUrl());
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await page.Locator("#token").FillAsync("drs_not_a_token");
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not accepted");
        await page.Locator("#token").FillAsync(sandbox.AdminToken);
        await SandboxDashboard.ScreenshotAsync(page, "signin");
        await page.Locator("#submit").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var rows = page.Locator("#overview tbody tr[data-app]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(["catalog", "orders"], (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.app)")).Order(StringComparer.Ordinal));
        await Assertions.Expect(page.Locator("#header")).ToContainTextAsync("admin");
        await SandboxDashboard.ScreenshotAsync(page, "overview");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Drill_OrdersFromTheStartPage_SucceedsAndItsReportShowsTheRtoAndRpoAchieved()
    {
        var page = await sandbox.NewPageAsync();
        await page.GotoAsync("/start");
        await page.Locator("#application").SelectOptionAsync("orders");
        await page.Locator("#runbook").SelectOptionAsync("tier-a-failover");
        await page.Locator("#mode").SelectOptionAsync("Drill");

        // The dry run: every step with its AWS calls, none made; the drill needs no typed confirmation.
        var plan = page.Locator("#plan");
        await Assertions.Expect(plan.Locator("h2")).ToContainTextAsync("tier-a-failover for orders (Drill)");
        await Assertions.Expect(plan.Locator("tr[data-step=launch-fleet]")).ToContainTextAsync("ec2:RunInstances");
        await Assertions.Expect(plan.Locator("tr[data-step=promote-db]")).ToContainTextAsync("skipped in this mode");
        await Assertions.Expect(page.Locator("#confirm")).ToBeEnabledAsync();
        await SandboxDashboard.ScreenshotAsync(page, "start-plan");

        await page.Locator("#confirm").ClickAsync();
        await page.WaitForURLAsync(ExecutionUrl());
        var id = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath.Split('/')[2]);

        // Followed live until the end (the sandbox drill takes a few seconds of moto calls).
        await Assertions.Expect(page.Locator("#phase")).ToHaveTextAsync("Succeeded", new LocatorAssertionsToHaveTextOptions { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#steps tbody tr[data-state=Failed]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#steps tbody tr[data-step=launch-fleet]")).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(page.Locator("#report")).ToContainTextAsync("RTO measured");
        await SandboxDashboard.ScreenshotAsync(page, "execution-done");

        // The report beside the history of drills on the application's page: RTO and RPO achieved against the targets.
        var report = await sandbox.WaitForAsync($"/api/v1/drills/{Uri.EscapeDataString(id)}/report", r => r.GetProperty("rtoSeconds").ValueKind == System.Text.Json.JsonValueKind.Number);
        Assert.Equal("Succeeded", report.GetProperty("phase").GetString());
        await page.GotoAsync("/apps/orders");
        var row = page.Locator("#drills tbody tr", new PageLocatorOptions { Has = page.Locator($"a[href='/executions/{id}']") });
        await Assertions.Expect(row).ToContainTextAsync("Succeeded");
        var cells = row.Locator("td");
        await Assertions.Expect(cells.Nth(4)).ToContainTextAsync(MetOrMissed());
        await Assertions.Expect(cells.Nth(5)).ToContainTextAsync(MetOrMissed());
        Assert.Matches(@"\d", await cells.Nth(4).InnerTextAsync());
        Assert.Matches(@"\d", await cells.Nth(5).InnerTextAsync());
        await page.Locator("#drills").ScrollIntoViewIfNeededAsync();
        await SandboxDashboard.ScreenshotAsync(page, "drill-report");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("/executions/[^/]+$")]
    private static partial Regex ExecutionUrl();

    [GeneratedRegex("Met|Missed")]
    private static partial Regex MetOrMissed();
}
