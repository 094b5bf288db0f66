namespace DrService.Scheduling;

/// <summary>This process's identity in run records, traces and the Quartz cluster.</summary>
public sealed record ServiceInstance(string Id)
{
    public static ServiceInstance Create() =>
        new($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
}

/// <summary>The scheduling settings the runner needs, resolved from configuration.</summary>
public sealed record SchedulingSettings(TimeSpan CatchUpWindow, TimeZoneInfo TimeZone);
