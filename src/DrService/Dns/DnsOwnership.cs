using System.Security.Cryptography;
using System.Text;
using DrService.Configuration;

namespace DrService.Dns;

/// <summary>
/// How DrService recognises its own Route 53 objects: failover records by SetIdentifier
/// (<c>{app}-primary</c>, <c>{app}-secondary</c>), the health check by a <see cref="CallerReference"/> derived from what
/// the check is for (application, record name, type), never from its settings, so a config change updates it in place.
/// </summary>
public static class DnsOwnership
{
    public const string ManagedByTag = "dr:managed-by";
    public const string ManagedByValue = "drservice";
    public const string ApplicationTag = "dr:app";
    public const string RecordTag = "dr:record";

    /// <summary>Route 53 caps CallerReference at 64 characters.</summary>
    public const int MaxCallerReferenceLength = 64;

    public static string PrimarySetIdentifier(string application) => $"{application}-primary";

    public static string SecondarySetIdentifier(string application) => $"{application}-secondary";

    /// <summary><c>drservice:{app}:{name}:{type}:primary</c>; a stable hash of it when longer than Route 53 accepts.</summary>
    public static string CallerReference(string application, DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var reference = $"drservice:{application}:{Fqdn(record.Name)}:{record.Type}:primary";
        if (reference.Length <= MaxCallerReferenceLength)
        {
            return reference;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference)))[..32];
        return $"drservice:{hash}:primary";
    }

    public static IReadOnlyDictionary<string, string> HealthCheckTags(string application, DnsRecordOptions record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedByTag] = ManagedByValue,
            [ApplicationTag] = application,
            [RecordTag] = $"{Fqdn(record.Name)}/{record.Type}",
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
}
