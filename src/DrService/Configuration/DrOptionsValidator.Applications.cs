using System.Text.RegularExpressions;

namespace DrService.Configuration;

/// <summary>The rules of each <c>DrService:Applications:{name}</c> entry.</summary>
public sealed partial class DrOptionsValidator
{
    public const int MaxApplicationNameLength = 40;

    private static void ValidateApplication(string name, ApplicationOptions app, DrOptions options, Errors errors)
    {
        var path = $"{Root}:{nameof(DrOptions.Applications)}:{name}";
        if (name.Length > MaxApplicationNameLength || !ApplicationNamePattern().IsMatch(name))
        {
            errors.Add(path, $"application name must be lowercase letters, digits and '-' (not first or last), " +
                             $"at most {MaxApplicationNameLength} characters");
        }

        MustBePositive(app.Rpo, $"{path}:{nameof(app.Rpo)}", errors);
        MustBePositive(app.Rto, $"{path}:{nameof(app.Rto)}", errors);
        if (!Enum.IsDefined(app.Tier))
        {
            errors.Add($"{path}:{nameof(app.Tier)}", $"expected one of {string.Join(", ", Enum.GetNames<ApplicationTier>())} (was '{app.Tier}')");
        }

        ValidateAccount(app.Account, $"{path}:{nameof(app.Account)}", options, errors);
        if (app.Schedule.Backup is { Length: > 0 } cron)
        {
            ValidateCron(cron, $"{path}:{nameof(app.Schedule)}:{nameof(app.Schedule.Backup)}", errors);
        }

        ValidateResources(app.Resources, $"{path}:{nameof(app.Resources)}", errors);
        // Tier A's failover promotes the DR region's replicas (or an Aurora global database's secondary): without one
        // its database recovery is a restore from copies, which is tier B. Knowable here, so refused here.
        if (app.Tier == ApplicationTier.A && app.Resources.ReadReplicas.Count == 0 && app.Resources.GlobalClusters.Count == 0)
        {
            errors.Add($"{path}:{nameof(app.Resources)}:{nameof(app.Resources.ReadReplicas)}",
                "a tier A application needs at least one cross-region read replica (or Resources:GlobalClusters) to promote; use Tier B to restore from copies");
        }
        ValidateRecovery(app.Recovery, $"{path}:{nameof(app.Recovery)}", options, errors);
        ValidateOptionGroups(app.Backup.OptionGroups, $"{path}:{nameof(app.Backup)}:{nameof(app.Backup.OptionGroups)}", errors);
        if (app.Backup.SourceRegion is { Length: > 0 } source)
        {
            var sourcePath = $"{path}:{nameof(app.Backup)}:{nameof(app.Backup.SourceRegion)}";
            if (!IsRegionName(source))
            {
                errors.Add(sourcePath, $"must be an AWS region name such as us-east-1 (was '{source}')");
            }
            else if (string.Equals(source, options.Regions.Dr, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(sourcePath, $"must differ from the DR region (was '{source}')");
            }
        }
    }

    /// <summary>
    /// Backup:OptionGroups: each value is the identifier of an option group in the DR region (botocore rds 2014-10-31,
    /// CreateOptionGroupMessage.OptionGroupName: "Must be 1 to 255 letters, numbers, or hyphens. First character must be
    /// a letter. Can't end with a hyphen or contain two consecutive hyphens"); a default group is never a target.
    /// </summary>
    private static void ValidateOptionGroups(Dictionary<string, string> groups, string path, Errors errors)
    {
        foreach (var (source, target) in groups)
        {
            if (source.StartsWith("default:", StringComparison.Ordinal))
            {
                errors.Add($"{path}:{source}", "a default option group needs no mapping: remove the entry");
            }
            else if (target is null || target.Length > 255 || !OptionGroupNamePattern().IsMatch(target) || target.Contains("--", StringComparison.Ordinal))
            {
                errors.Add($"{path}:{source}", $"must name an option group of the DR region: 1 to 255 letters, digits or hyphens, starting with a letter, not ending with a hyphen, no two hyphens in a row (was '{target}')");
            }
        }
    }

    private static void MustBePositive(TimeSpan value, string path, Errors errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(path, $"must be positive (was {AnnotationValidator.Describe(value)})");
        }
    }

    private static void ValidateAccount(string account, string path, DrOptions options, Errors errors)
    {
        var accounts = options.Aws.Accounts;
        if (string.IsNullOrEmpty(account) || accounts.ContainsKey(account)
            || (accounts.Count == 0 && account == ApplicationOptions.DefaultAccount))
        {
            return; // an empty name is reported by [Required]
        }

        var known = accounts.Count == 0 ? $"none; only '{ApplicationOptions.DefaultAccount}' may be used" : string.Join(", ", accounts.Keys);
        errors.Add(path, $"unknown account '{account}' (DrService:Aws:Accounts has: {known})");
    }

    private static void ValidateResources(ApplicationResourcesOptions resources, string path, Errors errors)
    {
        if (!resources.SelectsAnything)
        {
            errors.Add(path, "selects no resource (set at least one of Instances, Volumes, DbInstances, DbClusters, " +
                             "ReadReplicas, BucketPairs or DnsRecords)");
        }

        ValidateSelector(resources.Instances, $"{path}:{nameof(resources.Instances)}", errors);
        ValidateSelector(resources.Volumes, $"{path}:{nameof(resources.Volumes)}", errors);
        ValidateSelector(resources.DbInstances, $"{path}:{nameof(resources.DbInstances)}", errors);
        ValidateSelector(resources.DbClusters, $"{path}:{nameof(resources.DbClusters)}", errors);
        for (var i = 0; i < resources.BucketPairs.Count; i++)
        {
            var pair = resources.BucketPairs[i];
            if (pair.Source.Length > 0 && string.Equals(pair.Source, pair.Destination, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:{nameof(resources.BucketPairs)}:{i}:{nameof(pair.Destination)}",
                    $"must differ from Source (was '{pair.Destination}')");
            }
        }

        for (var i = 0; i < resources.DnsRecords.Count; i++)
        {
            var type = resources.DnsRecords[i].Type;
            if (!DnsRecordOptions.SupportedTypes.Contains(type, StringComparer.Ordinal))
            {
                errors.Add($"{path}:{nameof(resources.DnsRecords)}:{i}:{nameof(DnsRecordOptions.Type)}",
                    $"must be one of {string.Join(", ", DnsRecordOptions.SupportedTypes)} (was '{type}')");
            }
            ValidateDnsFailover(resources.DnsRecords[i], $"{path}:{nameof(resources.DnsRecords)}:{i}", errors);
        }
    }

    private static void ValidateDnsFailover(DnsRecordOptions record, string path, Errors errors)
    {
        foreach (var (name, target) in new[] { (nameof(record.Primary), record.Primary), (nameof(record.Secondary), record.Secondary) })
        {
            if (target is null)
            {
                errors.Add($"{path}:{name}", "is required: the failover record's target (Values or Alias)");
            }
            else if ((target.Values.Count > 0) == (target.Alias is not null))
            {
                errors.Add($"{path}:{name}", "must set exactly one of Values or Alias");
            }
        }
        if (record.HealthCheck is { } check)
        {
            var checkPath = $"{path}:{nameof(record.HealthCheck)}";
            if (!DnsHealthCheckOptions.SupportedTypes.Contains(check.Type, StringComparer.Ordinal))
            {
                errors.Add($"{checkPath}:{nameof(check.Type)}", $"must be one of {string.Join(", ", DnsHealthCheckOptions.SupportedTypes)} (was '{check.Type}')");
            }
            if (check.Interval is not (10 or 30))
            {
                errors.Add($"{checkPath}:{nameof(check.Interval)}", $"must be 10 (fast) or 30 (standard) seconds (was {check.Interval})");
            }
            // Route 53: when Regions is set, at least 3 from its checker-region enumeration (DnsHealthCheckOptions.CheckerRegions).
            if (check.Regions.Count > 0)
            {
                var unknown = check.Regions.Where(r => !DnsHealthCheckOptions.CheckerRegions.Contains(r, StringComparer.Ordinal)).ToList();
                if (unknown.Count > 0)
                {
                    errors.Add($"{checkPath}:{nameof(check.Regions)}", $"must be Route 53 health checker regions ({string.Join(", ", DnsHealthCheckOptions.CheckerRegions)}) (was '{string.Join(", ", unknown)}')");
                }
                else if (check.Regions.Distinct(StringComparer.Ordinal).Count() < DnsHealthCheckOptions.MinimumCheckerRegions)
                {
                    errors.Add($"{checkPath}:{nameof(check.Regions)}", $"must name at least {DnsHealthCheckOptions.MinimumCheckerRegions} regions when set, or none for all of them (was {check.Regions.Count})");
                }
            }
            if (check.Type == "TCP" && check.Port is null)
            {
                errors.Add($"{checkPath}:{nameof(check.Port)}", "is required for a TCP health check");
            }
            if (check.FullyQualifiedDomainName is null && check.IPAddress is null && (record.Primary?.Values.Count ?? 0) == 0)
            {
                errors.Add(checkPath, "needs FullyQualifiedDomainName or IPAddress when the primary target is an alias");
            }
        }
        else if (record.Primary?.Alias is not { EvaluateTargetHealth: true })
        {
            errors.Add($"{path}:{nameof(record.HealthCheck)}", "is required unless the primary target is an alias with EvaluateTargetHealth: without it, Route 53 cannot fail over by itself");
        }
    }

    private static void ValidateSelector(ResourceSelector? selector, string path, Errors errors)
    {
        if (selector is null)
        {
            return;
        }

        if (selector.Ids.Count == 0 && selector.Tags.Count == 0)
        {
            errors.Add(path, "selects nothing (set Ids, Tags or both; remove the key to select none)");
        }

        for (var i = 0; i < selector.Ids.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(selector.Ids[i]))
            {
                errors.Add($"{path}:{nameof(selector.Ids)}:{i}", "must not be empty");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationNamePattern();

    [GeneratedRegex("^[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex OptionGroupNamePattern();
}
