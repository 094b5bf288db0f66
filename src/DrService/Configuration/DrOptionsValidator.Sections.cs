using DrService.Aws;
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

        var partition = ValidatePartitions(options, errors);
        foreach (var (name, account) in aws.Accounts.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            ValidateAssumeRoleArn(account.AssumeRoleArn, partition, $"{path}:{nameof(aws.Accounts)}:{name}:{nameof(account.AssumeRoleArn)}", errors);
        }
    }

    /// <summary>
    /// The roles the shipped task policy lets DrService assume: <c>arn:*:iam::*:role/drservice-*</c>
    /// (deploy/iam/drservice-task-policy.json, statement AssumeDrServiceRolesInOtherAccounts; TaskPolicyTests keeps the
    /// two in step). A role with a path (<c>role/ops/drservice-x</c>) does not match it.
    /// </summary>
    public const string AssumableRolePrefix = "role/drservice-";

    /// <summary>The DR region's partition, after checking that the primary, DR, STS and applications' source regions share it (one account's credentials work in one partition only).</summary>
    private static AwsPartition? ValidatePartitions(DrOptions options, Errors errors)
    {
        var regions = new[]
        {
            ($"{Root}:{nameof(DrOptions.Regions)}:{nameof(RegionsOptions.Dr)}", options.Regions.Dr),
            ($"{Root}:{nameof(DrOptions.Regions)}:{nameof(RegionsOptions.Primary)}", options.Regions.Primary),
            ($"{Root}:{nameof(DrOptions.Aws)}:{nameof(AwsOptions.StsRegion)}", options.Aws.StsRegion),
        }.Concat(options.Applications.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Where(a => !string.IsNullOrEmpty(a.Value.Backup.SourceRegion))
            .Select(a => ($"{Root}:{nameof(DrOptions.Applications)}:{a.Key}:{nameof(ApplicationOptions.Backup)}:{nameof(ApplicationBackupOptions.SourceRegion)}", a.Value.Backup.SourceRegion!)))
            .Where(r => IsRegionName(r.Item2)).ToList();   // malformed names are reported by their own rules
        AwsPartition? dr = null;
        foreach (var (key, region) in regions)
        {
            var partition = AwsPartition.TryFor(region);
            if (partition is null)
            {
                errors.Add(key, $"region {region} is in a partition DrService does not support (aws, aws-cn and aws-us-gov are)");
                continue;
            }
            if (dr is null)
            {
                dr = partition;
            }
            else if (partition != dr)
            {
                errors.Add(key, $"region {region} is in partition {partition.Name}, but {regions[0].Item1} ({regions[0].Item2}) is in {dr.Name}: one deployment works in one partition (was '{region}')");
            }
        }
        return dr;
    }

    private static void ValidateAssumeRoleArn(string? arn, AwsPartition? partition, string path, Errors errors)
    {
        if (string.IsNullOrEmpty(arn) || !arn.StartsWith("arn:", StringComparison.Ordinal) || arn.Split(':') is not [_, var arnPartition, "iam", "", _, var resource])
        {
            return; // null: no role; the shape is checked by [RegularExpression] on AwsAccountOptions
        }
        if (partition is not null && arnPartition != partition.Name)
        {
            errors.Add(path, $"is in partition {arnPartition}, but the DR region is in {partition.Name}: a role can only be assumed in its own partition (was '{arn}')");
        }
        if (!resource.StartsWith(AssumableRolePrefix, StringComparison.Ordinal) || resource.Length == AssumableRolePrefix.Length)
        {
            errors.Add(path, "names a role the task policy does not let DrService assume: deploy/iam/drservice-task-policy.json allows " +
                             $"sts:AssumeRole only on arn:*:iam::*:{AssumableRolePrefix}* (no path); name the role drservice-... or widen " +
                             $"the AssumeDrServiceRolesInOtherAccounts statement (was '{arn}')");
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
