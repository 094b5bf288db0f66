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
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        Assert.Equal(["catalog", "ledger", "orders"], (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.app)")).Order(StringComparer.Ordinal));
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

        // The dry run: every step with its AWS calls, none made, one per item of a fan-out step (orders has two
        // instances: launch-fleet:i-...); the inventory item by item with its copy; the drill needs no typed confirmation.
        var plan = page.Locator("#plan");
        await Assertions.Expect(plan.Locator("h2")).ToContainTextAsync("tier-a-failover for orders (Drill)");
        var launches = plan.Locator("tr[data-step^='launch-fleet:']");
        await Assertions.Expect(launches).ToHaveCountAsync(2);
        await Assertions.Expect(launches.First).ToContainTextAsync("ec2:RunInstances");
        await Assertions.Expect(plan.Locator("tr[data-step^='promote-db']").First).ToContainTextAsync("skipped in this mode");
        var instances = plan.Locator("#inventory tr[data-item^='instances/']");
        await Assertions.Expect(instances).ToHaveCountAsync(2);
        await Assertions.Expect(instances.First.Locator(".no-copy")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#confirm")).ToBeEnabledAsync();
        await SandboxDashboard.ScreenshotAsync(page, "start-plan");

        // The sandbox's demo fault blocks the copies of orders-db, but the tier A drill recovers it from the replica:
        // not its problem, so the start goes through (the refused path is the catalog test below).
        await Assertions.Expect(page.Locator("#problems li[data-severity=Error]")).ToHaveCountAsync(0);
        await page.Locator("#confirm").ClickAsync();
        await page.WaitForURLAsync(ExecutionUrl());
        var id = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath.Split('/')[2]);

        // Followed live until the end (the sandbox drill takes a few seconds of moto calls).
        await Assertions.Expect(page.Locator("#phase")).ToHaveTextAsync("Succeeded", new LocatorAssertionsToHaveTextOptions { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#steps tbody tr[data-state=Failed]")).ToHaveCountAsync(0);
        var launched = page.Locator("#steps tbody tr[data-step^='launch-fleet:']");
        await Assertions.Expect(launched).ToHaveCountAsync(2);
        await Assertions.Expect(launched.Nth(0)).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(launched.Nth(1)).ToHaveAttributeAsync("data-state", "Succeeded");
        await Assertions.Expect(page.Locator("#report")).ToContainTextAsync("RTO measured");
        // The report's items: one row per recovered item, with what serves it now and the copy it came from.
        var items = page.Locator("#items tbody tr[data-item^='instances/']");
        await Assertions.Expect(items).ToHaveCountAsync(2);
        await Assertions.Expect(items.First).ToContainTextAsync("Succeeded");
        Assert.Matches("ami-", await items.First.InnerTextAsync());
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

    /// <summary>
    /// catalog's database copies are blocked by the sandbox's demo fault: its dry run lists the database with "no copy"
    /// and the error with its configuration key; starting is refused (422) with the problems shown and an offer to
    /// start anyway (the orders journey above takes that offer).
    /// </summary>
    [Fact]
    public async Task Start_CatalogWithoutADatabaseCopy_ShowsTheProblemsAndStartsOnlyWhenAccepted()
    {
        var page = await sandbox.NewPageAsync();
        await page.GotoAsync("/start?application=catalog&runbook=tier-b-failover&mode=Drill");

        var plan = page.Locator("#plan");
        await Assertions.Expect(plan.Locator("h2")).ToContainTextAsync("tier-b-failover for catalog (Drill)", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Assertions.Expect(plan.Locator("#inventory tr[data-item='databases/catalog-db'] .no-copy")).ToHaveTextAsync("no copy");
        var error = plan.Locator("#problems li[data-severity=Error][data-item='catalog-db']");
        await Assertions.Expect(error).ToHaveCountAsync(1);
        await Assertions.Expect(error.Locator("code")).ToContainTextAsync("catalog");
        await Assertions.Expect(page.Locator("#plan-errors")).ToBeVisibleAsync();
        await SandboxDashboard.ScreenshotAsync(page, "start-problems");

        // Starting is refused with the same problems; nothing starts until they are accepted.
        await page.Locator("#confirm").ClickAsync();
        var refused = page.Locator("#refused");
        await Assertions.Expect(refused).ToBeVisibleAsync();
        await Assertions.Expect(refused.Locator("li[data-severity=Error][data-item='catalog-db']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#accept-problems")).ToHaveTextAsync("Start anyway (accept the problems)");
        Assert.EndsWith("/start", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var drills = await sandbox.WaitForAsync("/api/v1/drills?application=catalog", _ => true);
        Assert.Equal(0, drills.GetProperty("items").GetArrayLength());
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("/executions/[^/]+$")]
    private static partial Regex ExecutionUrl();

    [GeneratedRegex("Met|Missed")]
    private static partial Regex MetOrMissed();
}
