using System.Security.Cryptography;
using System.Text;
using DrService.Aws.Route53;
using DrService.Configuration;

namespace DrService.Dns;

/// <summary>
/// How DrService recognises its own Route 53 objects: failover records by SetIdentifier (<c>{app}-primary</c>,
/// <c>{app}-secondary</c>), health checks by their tags (<see cref="ManagedByTag"/>, <see cref="ApplicationTag"/>,
/// <see cref="RecordTag"/>), read with ListTagsForResources for the checks whose CallerReference starts with
/// <see cref="CallerReferencePrefix"/>. A CallerReference is used once: Route 53 answers HealthCheckAlreadyExists for
/// days to a reference of a deleted check, or of a check with other settings, so each new check gets
/// <c>drservice:{record key}:{hash of the immutable settings}:{nonce}</c> (<see cref="CallerReference"/>).
/// </summary>
public static class DnsOwnership
{
    public const string ManagedByTag = "dr:managed-by";
    public const string ManagedByValue = "drservice";
    public const string ApplicationTag = "dr:app";
    public const string RecordTag = "dr:record";

    /// <summary>Every health check DrService creates (and every one earlier versions created) has a reference starting so.</summary>
    public const string CallerReferencePrefix = "drservice:";

    /// <summary>Route 53 caps CallerReference at 64 characters.</summary>
    public const int MaxCallerReferenceLength = 64;

    public static string PrimarySetIdentifier(string application) => $"{application}-primary";

    public static string SecondarySetIdentifier(string application) => $"{application}-secondary";

    /// <summary>
    /// A new check's reference, never used before: <c>drservice:{16 hex of app/name/type}:{8 hex of
    /// <see cref="ImmutableHash"/>}:{UTC time}-{8 random hex}</c>, 59 characters. Retries of the same CreateHealthCheck
    /// send the same reference (Route 53 then answers the check it made); a later replacement gets a new one.
    /// </summary>
    public static string CallerReference(string application, DnsRecordOptions record, HealthCheckConfig config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(config);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return $"{CallerReferencePrefix}{RecordKey(application, record)}:{ImmutableHash(config)}:{now.UtcDateTime:yyyyMMddHHmmss}-{nonce}";
    }

    /// <summary>16 hex characters naming what the check is for (application, record name, type).</summary>
    public static string RecordKey(string application, DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Hash($"{application}:{Fqdn(record.Name)}:{record.Type}")[..16];
    }

    /// <summary>
    /// The settings UpdateHealthCheck cannot change (botocore route53 2013-04-01: HealthCheckConfig members that are not
    /// UpdateHealthCheckRequest members), with Route 53's defaults: Type, RequestInterval (30), MeasureLatency (false),
    /// RoutingControlArn (not used by DrService).
    /// </summary>
    public static string ImmutableFields(HealthCheckConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return FormattableString.Invariant($"{config.Type}|{config.RequestInterval ?? DnsDesiredState.DefaultInterval}|{(config.MeasureLatency == true ? "true" : "false")}");
    }

    /// <summary>8 hex characters of <see cref="ImmutableFields"/>.</summary>
    public static string ImmutableHash(HealthCheckConfig config) => Hash(ImmutableFields(config))[..8];

    /// <summary>True when <paramref name="tags"/> mark the check as DrService's check of this application's record.</summary>
    public static bool OwnsHealthCheck(IReadOnlyDictionary<string, string> tags, string application, DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(record);
        return tags.GetValueOrDefault(ManagedByTag) == ManagedByValue
            && tags.GetValueOrDefault(ApplicationTag) == application
            && tags.GetValueOrDefault(RecordTag) == RecordTagValue(record);
    }

    public static string RecordTagValue(DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"{Fqdn(record.Name)}/{record.Type}";
    }

    public static IReadOnlyDictionary<string, string> HealthCheckTags(string application, DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedByTag] = ManagedByValue,
            [ApplicationTag] = application,
            [RecordTag] = RecordTagValue(record),
            ["Name"] = $"drservice {application} {Fqdn(record.Name)} {record.Type} primary",
        };
    }

    /// <summary>A DNS name with its trailing dot, lower case (Route 53 compares names case-insensitively).</summary>
    public static string Fqdn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.Trim().ToLowerInvariant();
        return lower.EndsWith('.') ? lower : lower + ".";
    }

    public static bool SameName(string a, string b) => string.Equals(Fqdn(a), Fqdn(b), StringComparison.Ordinal);

    public static string Subject(DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"dns:{Fqdn(record.Name)}/{record.Type}";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
