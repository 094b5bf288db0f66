using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DrService.Testing;

namespace DrService.IntegrationTests.Hosting;

/// <summary>The README's first command, for real: the service in sandbox mode as its own process.</summary>
public sealed partial class SandboxProcessTests
{
    [Fact]
    public async Task Sandbox_Started_IsReadyServesMetricsAndCtrlCStopsTheEmulator()
    {
        using var data = new TempFolder();
        await using var service = ServiceProcess.Start(["--sandbox"], new Dictionary<string, string?>
        {
            ["DrService__Storage__DataDirectory"] = data.Path,
        });
        await service.WaitUntilListeningAsync();

        var ready = await ReadyzAsync(service);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "scheduler", "aws" })
        {
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        var metrics = await service.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("dr_aws_calls", metrics, StringComparison.Ordinal);
        Assert.Contains("aws_service=\"sts\"", metrics, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data.Path, "sandbox", "drservice.db")), service.Output);

        var motoPid = int.Parse(MotoPid().Match(service.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(IsRunning(motoPid), "the sandbox's moto server should run while the service runs");

        var exitCode = await service.InterruptAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.False(IsRunning(motoPid), $"moto server (pid {motoPid}) must stop with the service:\n{service.Output}");
    }

    private static async Task<JsonElement> ReadyzAsync(ServiceProcess service)
    {
        // Readiness includes the scheduler, which starts once the application has started: poll briefly.
        for (var attempt = 0; ; attempt++)
        {
            using var response = await service.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK || attempt == 50)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"/readyz answered {response.StatusCode}: {body}\n{service.Output}");
                return JsonDocument.Parse(body).RootElement.Clone();
            }
            await Task.Delay(200);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"moto server\) at \S+, pid (\d+)")]
    private static partial Regex MotoPid();
}
