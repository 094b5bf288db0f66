using DrService.Aws.Configuration;
using Quartz;

namespace DrService.Configuration;

/// <summary>The rules of the Aws, Schedules, Storage, Telemetry and Sandbox sections.</summary>
public sealed partial class DrOptionsValidator
{
    private static void ValidateAws(DrOptions options, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Aws);
        var aws = options.Aws;
        if (aws.Retry.MaxDelay < aws.Retry.BaseDelay)
        {
            errors.Add($"{path}:{nameof(aws.Retry)}:{nameof(aws.Retry.MaxDelay)}",
                $"must be at least BaseDelay ({AnnotationValidator.Describe(aws.Retry.BaseDelay)}) " +
                $"(was {AnnotationValidator.Describe(aws.Retry.MaxDelay)})");
        }

        if (aws.ServiceUrl is { } url && url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{path}:{nameof(aws.ServiceUrl)}", $"must be an http or https URL (was '{url}')");
        }

        // A quirk weakens what DrService accepts from AWS (issue 14, item 17): against AWS's own endpoints it is a mistake.
        if (aws.ServiceUrl is null)
        {
            foreach (var quirk in aws.EmulatorQuirks.Enabled())
            {
                errors.Add($"{path}:{nameof(aws.EmulatorQuirks)}:{quirk}",
                    "an emulator quirk needs DrService:Aws:ServiceUrl (an emulator's endpoint); against AWS it would accept what AWS never answers (was true)");
            }
        }

        for (var i = 0; i < aws.Faults.Rules.Count; i++)
        {
            ValidateFaultRule(aws.Faults.Rules[i], $"{path}:{nameof(aws.Faults)}:{nameof(aws.Faults.Rules)}:{i}", errors);
        }
    }

    private static void ValidateFaultRule(FaultRule rule, string path, Errors errors)
    {
        if (rule.Region != "*" && !string.IsNullOrEmpty(rule.Region) && !IsRegionName(rule.Region))
        {
            errors.Add($"{path}:{nameof(rule.Region)}", $"must be an AWS region name or * (was '{rule.Region}')");
        }

        // Each rate alone is checked by [Range(0, 1)]; together they share one draw per call.
        if (rule.ThrottleRate is >= 0 and <= 1 && rule.ServerErrorRate is >= 0 and <= 1 && rule.ThrottleRate + rule.ServerErrorRate > 1)
        {
            errors.Add($"{path}:{nameof(rule.ServerErrorRate)}",
                $"ThrottleRate + ServerErrorRate must not exceed 1 (was {rule.ThrottleRate + rule.ServerErrorRate:0.###})");
        }
    }

    private static void ValidateSchedules(SchedulesOptions schedules, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Schedules);
        ValidateCron(schedules.Backup, $"{path}:{nameof(schedules.Backup)}", errors);
        ValidateCron(schedules.Monitoring, $"{path}:{nameof(schedules.Monitoring)}", errors);
        ValidateCron(schedules.Retention, $"{path}:{nameof(schedules.Retention)}", errors);
        if (!string.IsNullOrEmpty(schedules.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(schedules.TimeZone, out _))
        {
            errors.Add($"{path}:{nameof(schedules.TimeZone)}", $"unknown time zone (expected an IANA id such as UTC or Europe/Paris) (was '{schedules.TimeZone}')");
        }
    }

    private static void ValidateCron(string cron, string path, Errors errors)
    {
        if (string.IsNullOrEmpty(cron))
        {
            return; // reported by [Required] where a value is needed
        }

        try
        {
            _ = CronExpression.Parse(cron); // Quartz 4.7 has Parse/TryParse; Parse says what is wrong
        }
        catch (FormatException ex)
        {
            errors.Add(path, $"is not a valid Quartz cron expression: {ex.Message.TrimEnd('.')} (expected seconds minutes " +
                             $"hours day-of-month month day-of-week [year], such as 0 0/15 * * * ?) (was '{cron}')");
        }
    }

    private static void ValidateStorage(StorageOptions storage, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Storage);
        if (storage.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            errors.Add($"{path}:{nameof(storage.ConnectionString)}", "is required when Provider is Postgres");
        }
        else if (storage.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(storage.DataDirectory))
        {
            errors.Add($"{path}:{nameof(storage.DataDirectory)}", "is required when Provider is Sqlite");
        }
        else if (!Enum.IsDefined(storage.Provider))
        {
            errors.Add($"{path}:{nameof(storage.Provider)}", $"expected one of {string.Join(", ", Enum.GetNames<StorageProvider>())}");
        }
    }

    private static void ValidateTelemetry(TelemetryOptions telemetry, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Telemetry);
        if (telemetry.PrometheusEndpoint is { Length: > 0 } endpoint && !endpoint.StartsWith('/'))
        {
            errors.Add($"{path}:{nameof(telemetry.PrometheusEndpoint)}", $"must be a path starting with '/' (was '{endpoint}')");
        }

        if (telemetry.OtlpEndpoint is { } otlp && otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{path}:{nameof(telemetry.OtlpEndpoint)}", $"must be an http or https URL (was '{otlp}')");
        }
    }

    private static void ValidateSandbox(SandboxOptions sandbox, Errors errors)
    {
        if (sandbox.Enabled && string.IsNullOrWhiteSpace(sandbox.MotoServer))
        {
            errors.Add($"{Root}:{nameof(DrOptions.Sandbox)}:{nameof(sandbox.MotoServer)}", "is required when Enabled is true");
        }
    }
}
