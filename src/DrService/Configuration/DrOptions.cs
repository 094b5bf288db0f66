using DrService.Aws.Configuration;

namespace DrService.Configuration;

/// <summary>The <c>DrService</c> section of appsettings.json: everything DrService itself reads.</summary>
/// <remarks>Documented key by key in docs/configuration.md; validated by <see cref="DrConfigurationLoader"/>.</remarks>
public sealed class DrOptions
{
    public const string SectionName = "DrService";

    /// <summary>The primary region (where production runs) and the DR region (where copies are kept).</summary>
    public RegionsOptions Regions { get; set; } = new();

    /// <summary>How DrService reaches AWS (owned by DrService.Aws).</summary>
    public AwsOptions Aws { get; set; } = new();

    /// <summary>The applications to protect, by name (a DNS-label-like name such as <c>orders</c>).</summary>
    public Dictionary<string, ApplicationOptions> Applications { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Default schedules (Quartz cron expressions) and what happens after downtime.</summary>
    public SchedulesOptions Schedules { get; set; } = new();

    /// <summary>The global retention policy of copies in the DR region; applications may override single values.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>Replication watch, DNS checks and alerts.</summary>
    public MonitoringOptions Monitoring { get; set; } = new();

    /// <summary>The copy engine's limits and pace.</summary>
    public BackupsOptions Backups { get; set; } = new();

    /// <summary>Where DrService keeps its state.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>Traces, metrics and logs export.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Sandbox mode: a local moto server instead of AWS.</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>Runbook files, the executor's pace and the drill sweeper.</summary>
    public RunbooksOptions Runbooks { get; set; } = new();

    /// <summary>The advisor's price table (cost per tier).</summary>
    public PricingOptions Pricing { get; set; } = new();

    /// <summary>The advisor's recovery estimates and size cache.</summary>
    public AdvisorOptions Advisor { get; set; } = new();
    /// <summary>Sign-in: API tokens, OIDC bearer tokens, the dashboard cookie.</summary>
    public AuthOptions Auth { get; set; } = new();
}
