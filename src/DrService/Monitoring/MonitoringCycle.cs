using System.Diagnostics;
using DrService.Configuration;
using DrService.Scheduling;
using DrService.Telemetry;
using Microsoft.Extensions.Options;

namespace DrService.Monitoring;

/// <summary>Told after each monitoring cycle, with every stored condition (alerts, readiness).</summary>
public interface IConditionListener
{
    Task OnConditionsAsync(IReadOnlyList<ConditionRecord> conditions, CancellationToken cancellationToken);
}

/// <summary>
/// The monitoring job (cron <c>Schedules:Monitoring</c>): runs every <see cref="IMonitor"/> over all applications,
/// stores their conditions, then tells the listeners. A monitor that throws does not stop the others.
/// </summary>
public sealed partial class MonitoringCycle(
    IEnumerable<IMonitor> monitors,
    IEnumerable<IConditionListener> listeners,
    ConditionStore store,
    IOptionsMonitor<DrOptions> options,
    ILogger<MonitoringCycle> logger) : IJobHandler, IJobDefinitionSource
{
    public const string Kind = "monitoring";

    public IEnumerable<DrJobDefinition> GetJobs() =>
        [new DrJobDefinition(Kind, Kind, options.CurrentValue.Schedules.Monitoring, Description: "Replication watch, DNS checks, alerts")];

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = options.CurrentValue;
        var failures = new List<string>();
        var all = new List<ConditionRecord>();
        foreach (var monitor in monitors)
        {
            using var activity = DrTelemetry.Source.StartActivity($"Monitor.{monitor.Name}");
            try
            {
                var observed = await monitor.ObserveAsync(current, cancellationToken);
                all.AddRange(await store.ApplyAsync(monitor.Name, observed, cancellationToken));
                activity?.SetTag("dr.conditions", observed.Count);
                activity?.SetTag("dr.conditions.false", observed.Count(c => c.Status == ConditionStatus.False));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                LogMonitorFailed(logger, ex, monitor.Name);
                failures.Add($"{monitor.Name}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnConditionsAsync(all, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogListenerFailed(logger, ex, listener.GetType().Name);
                failures.Add($"{listener.GetType().Name}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        var bad = all.Count(c => c.Status == ConditionStatus.False);
        var summary = $"{all.Count} conditions, {bad} false, {all.Count(c => c.Status == ConditionStatus.Unknown)} unknown";
        return failures.Count == 0 ? JobOutcome.Succeeded(summary) : JobOutcome.PartiallyFailed($"{summary}; {string.Join("; ", failures)}");
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Monitor {Monitor} failed")]
    private static partial void LogMonitorFailed(ILogger logger, Exception exception, string monitor);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Condition listener {Listener} failed")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener);
}
