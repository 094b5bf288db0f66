using System.Diagnostics;
using System.Globalization;
using DrService.Testing;

namespace DrService.IntegrationTests.Faults;

/// <summary>Process-level faults on the real service binary: kill -9, and its own counters read from /metrics.</summary>
internal static class ProcessControl
{
    /// <summary>The environment a service process needs to reach moto server.</summary>
    public static Dictionary<string, string?> MotoEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
    };

    /// <summary>SIGKILL: no shutdown hook, no graceful stop, as a crash or the OOM killer.</summary>
    public static async Task KillAsync(ServiceProcess service)
    {
        var (code, _, stderr) = await ExternalTool.RunAsync("kill", ["-KILL", service.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(code == 0, $"kill -KILL {service.ProcessId}: {stderr}");
        await service.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.True(service.HasExited);
    }

    /// <summary>Successful AWS calls of one operation the process made (dr.aws.calls with outcome 200), from /metrics.</summary>
    public static async Task<long> SuccessfulCallsAsync(ServiceProcess service, string service_, string region, string operation)
    {
        var metrics = await service.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        long total = 0;
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith("dr_aws_calls", StringComparison.Ordinal) && line.Contains('{', StringComparison.Ordinal)
                && line.Contains($"aws_service=\"{service_}\"", StringComparison.Ordinal)
                && line.Contains($"aws_region=\"{region}\"", StringComparison.Ordinal)
                && line.Contains($"aws_operation=\"{operation}\"", StringComparison.Ordinal)
                && line.Contains("outcome=\"200\"", StringComparison.Ordinal))
            {
                total += (long)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return total;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }
}
