using DrService.Aws;
using DrService.Aws.CloudWatch;
using DrService.Aws.Configuration;
using DrService.Aws.Rds;
using DrService.Aws.Route53;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Storage;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Actions;

/// <summary>How often waiting actions poll AWS, and how long they wait when the step sets no timeout.</summary>
public sealed class StepActionSettings
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan DefaultWaitTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The emulator quirks the actions work around (<c>DrService:Aws:EmulatorQuirks</c>), none by default: an endpoint
    /// override alone does not make an action accept weaker evidence (issue 14, item 17).
    /// </summary>
    public EmulatorQuirks Quirks { get; init; } = new();
}

/// <summary>What every action needs: the AWS clients, the backup drivers (to find DR copies), audit, clock, options.</summary>
public sealed class ActionServices(
    IAwsClientFactory aws,
    IRdsClient rds,
    IRoute53Client route53,
    ICloudWatchClient cloudWatch,
    IEnumerable<IArtifactDriver> drivers,
    IAuditLog audit,
    IOptionsMonitor<DrOptions> options,
    IHttpClientFactory http,
    StepActionSettings settings,
    TimeProvider time,
    ILoggerFactory loggers)
{
    /// <summary>The actor of every audit record a step writes.</summary>
    public const string Actor = "system:runbook";

    private readonly IReadOnlyList<IArtifactDriver> _drivers = [.. drivers];

    public IAwsClientFactory Aws => aws;

    public IRdsClient Rds => rds;

    public IRoute53Client Route53 => route53;

    public ICloudWatchClient CloudWatch => cloudWatch;

    public IHttpClientFactory Http => http;

    public StepActionSettings Settings => settings;

    public TimeProvider Time => time;

    public ILogger Logger { get; } = loggers.CreateLogger("DrService.Runbooks.Actions");

    public DrOptions Options => options.CurrentValue;

    public IArtifactDriver Driver(ArtifactKind kind) =>
        _drivers.FirstOrDefault(d => d.Kind == kind) ?? throw new InvalidOperationException($"No artifact driver for {kind} is registered.");

    /// <summary>The AWS account name of the execution's application ("default" when the application is unknown).</summary>
    public string Account(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Options.Applications.TryGetValue(context.Application, out var app) ? app.Account : ApplicationOptions.DefaultAccount;
    }

    /// <summary>One audit record for a change a step made (or tried to make) in AWS.</summary>
    public Task AuditAsync(StepContext context, string action, string target, string result, string? details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var what = $"execution {context.ExecutionId}, runbook {context.RunbookId}, step {context.StepId}, mode {context.Mode}";
        return audit.RecordAsync(new AuditEntry(Actor, $"runbook.{action}", result, context.Application, target,
            details is null ? what : $"{details} ({what})"), cancellationToken);
    }

    /// <summary>
    /// Polls <paramref name="probe"/> every <see cref="StepActionSettings.PollInterval"/> until it returns a value,
    /// for at most <paramref name="timeout"/>; then fails (retryable: waiting longer may help).
    /// </summary>
    public async Task<T> WaitForAsync<T>(string what, TimeSpan? timeout, Func<Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var limit = timeout ?? settings.DefaultWaitTimeout;
        var started = time.GetTimestamp();
        while (true)
        {
            if (await probe() is { } done)
            {
                return done;
            }
            if (time.GetElapsedTime(started) >= limit)
            {
                throw new StepFailedException("WaitTimeout", $"Gave up waiting for {what} after {limit}.", retryable: true);
            }
            await Task.Delay(settings.PollInterval, time, cancellationToken);
        }
    }
}
