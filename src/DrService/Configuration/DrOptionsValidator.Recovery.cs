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
        // The format only: a zone of another region than DrService:Regions:Dr is an AWS error at failover time, and
        // tying it to Regions:Dr here would report every zone again whenever the DR region is mistyped.
        if (recovery.AvailabilityZone is { Length: > 0 } zone && (zone.Length < 2 || !IsRegionName(zone[..^1]) || !char.IsAsciiLetterLower(zone[^1])))
        {
            errors.Add($"{path}:{nameof(recovery.AvailabilityZone)}", $"must be an availability zone such as {options.Regions.Dr}a (was '{zone}')");
        }
        foreach (var (from, to) in recovery.InstanceTypes)
        {
            if (!InstanceTypePattern().IsMatch(from) || !InstanceTypePattern().IsMatch(to))
            {
                errors.Add($"{path}:{nameof(recovery.InstanceTypes)}:{from}", $"must map an EC2 instance type to another, such as m5.large: m6i.large (was '{from}': '{to}')");
            }
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
