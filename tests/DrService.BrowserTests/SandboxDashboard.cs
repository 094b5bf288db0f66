using System.Text.Json;
using DrService.Testing;
using Microsoft.Playwright;

namespace DrService.BrowserTests;

/// <summary>
/// The real service in sandbox mode as its own process on a free loopback port, and Debian's Chromium driven by
/// Playwright (headless, never a downloaded browser). One of each for the whole collection: the sandbox takes a while
/// to seed its estate and run its first cycles.
/// </summary>
public sealed class SandboxDashboard : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly TempFolder _data = new();
    private IPlaywright? _playwright;

    public ServiceProcess Service { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The first-run admin token the sandbox printed (and keeps in its 0600 file <c>sandbox/admin-token</c>).</summary>
    public string AdminToken { get; private set; } = string.Empty;

    /// <summary>Where screenshots go: TestResults/screenshots under the test output folder.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run installs it)");
        Service = ServiceProcess.Start(["--sandbox"], new Dictionary<string, string?>
        {
            ["DrService__Storage__DataDirectory"] = _data.Path,
        });
        await Service.WaitUntilListeningAsync();
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(_data.Path, "sandbox", "admin-token"))).Trim();
        Service.Http.Authorize(AdminToken);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // As root in a container, without the background services that this machine's closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        // Every application has a verdict once the first backup and monitoring cycles have run.
        await WaitForAsync("/api/v1/overview", o =>
            o.GetProperty("applications").GetArrayLength() == 3
            && o.GetProperty("applications").EnumerateArray().All(a => a.GetProperty("verdict").GetString() != "Unknown"));
        // And the first backup cycle of orders has recorded its resources (the application page lists them).
        await WaitForAsync("/api/v1/backups/orders", b => b.GetProperty("resources").GetArrayLength() >= 3);
        // A drill launches the fleet from the AMI copies in the DR region: wait until every instance of orders has one.
        await WaitForAsync("/api/v1/backups/orders", b => b.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("kind").GetString() == "Image")
            .Count(r => r.GetProperty("rpoState").GetString() == "Ok") >= 2);
    }

    /// <summary>
    /// A fresh browser context and page at the service's address, 1440 pixels wide (a desk screen), signed in with
    /// the admin token (<c>POST /auth/signin</c> from the context, so the HttpOnly cookie is the browser's).
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await NewAnonymousPageAsync();
        var signin = await page.Context.APIRequest.PostAsync("/auth/signin", new APIRequestContextOptions { DataObject = new { token = AdminToken } });
        Assert.True(signin.Ok, $"sign-in answered {signin.Status}");
        return page;
    }

    /// <summary>A fresh browser context and page, not signed in.</summary>
    public async Task<IPage> NewAnonymousPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Service.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>Polls a JSON endpoint of the service until <paramref name="done"/> holds (at most 60 s).</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> done)
    {
        var body = string.Empty;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var response = await Service.Http.GetAsync(new Uri(path, UriKind.Relative));
            body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var json = JsonDocument.Parse(body).RootElement.Clone();
                if (done(json))
                {
                    return json;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{path} never reached the expected state; last answer: {body}\n{Service.Output}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxDashboard>
{
    public const string Name = "sandbox dashboard";
}
