namespace DrService.Backups.Model;

/// <summary>
/// One copy to make: <see cref="Source"/> into <see cref="DestinationRegion"/>. <see cref="Key"/> is deterministic
/// (<c>{application}/{kind}/{sourceRegion}/{sourceId}</c>), recorded before the call and used as the ClientToken
/// where the API takes one; <see cref="TargetName"/> is the deterministic copy name or identifier where the API
/// takes one (AMI name, RDS snapshot identifier), so that AWS itself refuses a duplicate.
/// </summary>
public sealed record CopyOrder(
    string Key,
    string Application,
    Artifact Source,
    string DestinationRegion,
    string TargetName,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The DR region's KMS key to (re-)encrypt the copy with; null keeps AWS's default for the kind.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Copy the source's own tags as well (ownership tags always win).</summary>
    public bool CopySourceTags { get; init; } = true;

    /// <summary>
    /// An earlier call for this order may have made the copy without DrService learning its id (an answer lost to a
    /// timeout, a 5xx or a reset; a crash): a driver whose API takes no idempotency token looks the copy up by its
    /// <see cref="OwnershipTags.CopyKey"/> tag before it issues the call again.
    /// </summary>
    public bool MayExist { get; init; }

    /// <summary>
    /// Source option group name -> DR-region option group name (<c>Backup:OptionGroups</c>): a DB snapshot taken with a
    /// non-default option group is copied across regions with the mapped one.
    /// </summary>
    public IReadOnlyDictionary<string, string> OptionGroups { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// 0 for the first copy of the source; n after AWS failed attempt n-1 asynchronously. The same ClientToken or target
    /// name would answer with the failed copy (CopyImage is idempotent on its ClientToken; an RDS target identifier
    /// is adopted when it exists), so attempt n has its own (<see cref="IdempotencyKey"/>, the target name).
    /// </summary>
    public int Attempt { get; init; }

    /// <summary>What a ClientToken is derived from: <see cref="Key"/>, with <c>#{Attempt}</c> after the first attempt.</summary>
    public string IdempotencyKey => Attempt > 0 ? $"{Key}#{Attempt}" : Key;

    public static string KeyFor(string application, Artifact source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return $"{application}/{source.Kind}/{source.Region}/{source.Id}";
    }
}
