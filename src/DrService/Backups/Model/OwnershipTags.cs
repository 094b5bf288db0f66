using System.Globalization;

namespace DrService.Backups.Model;

/// <summary>
/// The tags on everything DrService creates. Re-runs find earlier work by them; retention and clean-up never touch
/// anything without <see cref="ManagedBy"/> = <see cref="ManagedByValue"/>.
/// </summary>
public static class OwnershipTags
{
    public const string ManagedBy = "dr:managed-by";
    public const string ManagedByValue = "drservice";
    public const string Application = "dr:app";
    public const string SourceId = "dr:source-id";
    public const string SourceRegion = "dr:source-region";

    /// <summary>The source backup's creation time (ISO 8601 UTC): the data's age is measured from it.</summary>
    public const string SourceCreated = "dr:source-created";

    /// <summary>The protected resource (instance, volume, DB instance or cluster id).</summary>
    public const string ResourceId = "dr:resource-id";

    /// <summary>The copy order's deterministic key.</summary>
    public const string CopyKey = "dr:copy-key";

    /// <summary>
    /// The attempt number of a copy made again after AWS failed an earlier copy of the same source (absent: 0). It is
    /// also in the copy's name and ClientToken, which would otherwise answer with the failed copy.
    /// </summary>
    public const string CopyAttempt = "dr:copy-attempt";

    /// <summary>Set to "true" by an operator: retention never removes the copy.</summary>
    public const string Pinned = "dr:pinned";

    public const string DrillId = "dr:drill-id";

    /// <summary>Facts of the source resource a copy carries for a recovery with the source region dark (<see cref="ProtectedResource.Facts"/>).</summary>
    public const string InstanceType = "dr:instance-type";

    /// <summary>The source instance's Name tag, on its AMI copies.</summary>
    public const string SourceName = "dr:source-name";

    /// <summary>The source instance's role (the value of its <c>Recovery:RoleTag</c> tag), on its AMI copies.</summary>
    public const string Role = "dr:role";

    /// <summary>The instance a source volume was attached to, and at which device, on its snapshot copies.</summary>
    public const string AttachedTo = "dr:attached-to";

    public const string Device = "dr:device";

    /// <summary>The ownership tags of a copy of <paramref name="source"/> made for <paramref name="application"/>.</summary>
    public static Dictionary<string, string> ForCopy(string application, Artifact source, string copyKey)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedBy] = ManagedByValue,
            [Application] = application,
            [SourceId] = source.Id,
            [SourceRegion] = source.Region,
            [SourceCreated] = source.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            [ResourceId] = source.ResourceId,
            [CopyKey] = copyKey,
        };
    }
}
