using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace DrService.Configuration;

/// <summary>
/// Cross-field rules of <see cref="DrOptions"/> (and the data annotations of nested objects, which
/// ValidateDataAnnotations does not reach). Every failure names its full key path, such as
/// <c>DrService:Applications:orders:Rpo: must be positive (was 00:00:00)</c>; all of them are reported at once.
/// </summary>
public sealed partial class DrOptionsValidator : IValidateOptions<DrOptions>
{
    private const string Root = DrOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<DrConfigurationError>();
        AnnotationValidator.Validate(options, Root, includeRoot: false, errors);
        CollectCrossFieldErrors(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }

    /// <summary>The cross-field rules only (no data annotations).</summary>
    internal static void CollectCrossFieldErrors(DrOptions options, ICollection<DrConfigurationError> errors)
    {
        var context = new Errors(errors);
        ValidateRegions(options.Regions, context);
        ValidateAws(options, context);
        foreach (var (name, application) in options.Applications)
        {
            ValidateApplication(name, application, options, context);
        }

        ValidateSchedules(options.Schedules, context);
        ValidateBackups(options.Backups, context);
        ValidateAlerts(options.Monitoring.Alerts, context);
        ValidateStorage(options.Storage, context);
        ValidateTelemetry(options.Telemetry, context);
        ValidateSandbox(options.Sandbox, context);
        ValidateRunbooks(options.Runbooks, context);
        ValidatePricing(options.Pricing, options.Advisor, context);
        ValidateAuth(options.Auth, context);
    }

    private static void ValidateBackups(BackupsOptions backups, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Backups);
        if (backups.RetryMaxDelay < backups.RetryBaseDelay)
        {
            errors.Add($"{path}:{nameof(backups.RetryMaxDelay)}", $"must not be shorter than RetryBaseDelay ({AnnotationValidator.Describe(backups.RetryBaseDelay)})");
        }
        if (backups.Limits.ImageCopiesPerSourceRegion > backups.Limits.ImageCopies)
        {
            errors.Add($"{path}:{nameof(backups.Limits)}:{nameof(backups.Limits.ImageCopiesPerSourceRegion)}", $"must not exceed ImageCopies ({backups.Limits.ImageCopies})");
        }
    }

    private static void ValidateAlerts(AlertsOptions alerts, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Monitoring) + ":" + nameof(MonitoringOptions.Alerts) + ":" + nameof(AlertsOptions.Channels);
        foreach (var (name, channel) in alerts.Channels)
        {
            if (channel.Type != AlertChannelType.PagerDuty && channel.Url is null)
            {
                errors.Add($"{path}:{name}:{nameof(channel.Url)}", $"is required for a {channel.Type} channel (set it through an environment variable: it is a secret)");
            }
            if (channel.Type == AlertChannelType.PagerDuty && string.IsNullOrWhiteSpace(channel.RoutingKey))
            {
                errors.Add($"{path}:{name}:{nameof(channel.RoutingKey)}", "is required for a PagerDuty channel (set it through an environment variable: it is a secret)");
            }
            if (channel.Url is { } url && url.Scheme is not ("https" or "http"))
            {
                errors.Add($"{path}:{name}:{nameof(channel.Url)}", $"must be an http(s) URL (was '{url.Scheme}')");
            }
        }
    }

    /// <summary>True for names such as us-east-1, eu-central-2, us-gov-west-1 or cn-north-1.</summary>
    public static bool IsRegionName(string? region) => region is not null && RegionPattern().IsMatch(region);

    private static void ValidateRegions(RegionsOptions regions, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Regions);
        foreach (var (key, value) in new[] { (nameof(regions.Primary), regions.Primary), (nameof(regions.Dr), regions.Dr) })
        {
            if (!string.IsNullOrEmpty(value) && !IsRegionName(value))
            {
                errors.Add($"{path}:{key}", $"must be an AWS region name such as us-east-1 (was '{value}')");
            }
        }

        if (string.Equals(regions.Primary, regions.Dr, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{path}:{nameof(regions.Dr)}", $"must differ from the primary region (was '{regions.Dr}')");
        }
    }

    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    /// <summary>Adds errors with a path and a reason.</summary>
    private readonly record struct Errors(ICollection<DrConfigurationError> List)
    {
        public void Add(string path, string reason) => List.Add(new DrConfigurationError(path, reason));
    }
}
