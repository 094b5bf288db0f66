using System.Text.RegularExpressions;

namespace DrService.Configuration;

/// <summary>The rules of <c>DrService:Applications:{name}:Recovery</c>.</summary>
public sealed partial class DrOptionsValidator
{
    private static void ValidateRecovery(RecoveryOptions recovery, string path, DrOptions options, Errors errors)
    {
        if (!string.IsNullOrEmpty(recovery.InstanceType) && !InstanceTypePattern().IsMatch(recovery.InstanceType))
        {
            errors.Add($"{path}:{nameof(recovery.InstanceType)}", $"must be an EC2 instance type such as t3.micro (was '{recovery.InstanceType}')");
        }
        if (recovery.SubnetId is { Length: > 0 } subnet && !subnet.StartsWith("subnet-", StringComparison.Ordinal))
        {
            errors.Add($"{path}:{nameof(recovery.SubnetId)}", $"must be a subnet id (subnet-...) (was '{subnet}')");
        }
        for (var i = 0; i < recovery.SecurityGroupIds.Count; i++)
        {
            if (!recovery.SecurityGroupIds[i].StartsWith("sg-", StringComparison.Ordinal))
            {
                errors.Add($"{path}:{nameof(recovery.SecurityGroupIds)}:{i}", $"must be a security group id (sg-...) (was '{recovery.SecurityGroupIds[i]}')");
            }
        }
        if (recovery.AvailabilityZone is { Length: > 0 } zone && !zone.StartsWith(options.Regions.Dr, StringComparison.Ordinal))
        {
            errors.Add($"{path}:{nameof(recovery.AvailabilityZone)}", $"must be a zone of the DR region {options.Regions.Dr} (was '{zone}')");
        }
        if (recovery.DbInstanceClass is { Length: > 0 } dbClass && !dbClass.StartsWith("db.", StringComparison.Ordinal))
        {
            errors.Add($"{path}:{nameof(recovery.DbInstanceClass)}", $"must be a DB instance class such as db.t3.micro (was '{dbClass}')");
        }
        if (recovery.SmokeTestUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            errors.Add($"{path}:{nameof(recovery.SmokeTestUrl)}", $"must be an absolute http(s) URL (was '{url}')");
        }
        foreach (var (key, id) in new[]
        {
            (nameof(recovery.FailoverRunbook), recovery.FailoverRunbook),
            (nameof(recovery.FailbackRunbook), recovery.FailbackRunbook),
            (nameof(recovery.DrillRunbook), recovery.DrillRunbook),
        })
        {
            if (id is not null && !RunbookIdPattern().IsMatch(id))
            {
                errors.Add($"{path}:{key}", $"must be a runbook id: letters, digits, '-' and '_' (was '{id}')");
            }
        }
        if (recovery.DrillSchedule is { Length: > 0 } cron)
        {
            ValidateCron(cron, $"{path}:{nameof(recovery.DrillSchedule)}", errors);
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*\\.[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceTypePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RunbookIdPattern();
}
