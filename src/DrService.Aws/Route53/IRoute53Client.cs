namespace DrService.Aws.Route53;

/// <summary>
/// Route 53 (REST-XML 2013-04-01, global, signed for us-east-1). Every list follows all pages. Ids in and out are
/// bare (<c>Z123</c>, <c>C123</c>); the prefixed forms AWS returns (<c>/hostedzone/Z123</c>) are accepted too.
/// Errors: AwsServiceException with the AWS code (NoSuchHostedZone, NoSuchHealthCheck, InvalidChangeBatch with the
/// messages joined, HealthCheckVersionMismatch...). The control plane lives in us-east-1: failover paths must not need it.
/// </summary>
public interface IRoute53Client
{
    Task<CreatedHostedZone> CreateHostedZoneAsync(NewHostedZone zone, string account = "default", CancellationToken cancellationToken = default);

    Task<HostedZone> GetHostedZoneAsync(string hostedZoneId, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HostedZone>> ListHostedZonesAsync(string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Zones in DNS-name order starting at <paramref name="dnsName"/> (null = from the first).</summary>
    Task<IReadOnlyList<HostedZone>> ListHostedZonesByNameAsync(string? dnsName = null, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>
    /// The zones named exactly <paramref name="dnsName"/> (usually one; a public and a private zone may share a name):
    /// ListHostedZonesByName with <c>dnsname</c> and <c>maxitems=1</c>, reading another page only while the next zone has
    /// the same name. One call per name however many zones the account holds.
    /// </summary>
    Task<IReadOnlyList<HostedZone>> FindHostedZonesNamedAsync(string dnsName, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>The zone must hold only its SOA and NS records.</summary>
    Task<ChangeInfo> DeleteHostedZoneAsync(string hostedZoneId, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ResourceRecordSet>> ListResourceRecordSetsAsync(string hostedZoneId, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Applies the batch atomically; invalid batches throw AwsServiceException with code InvalidChangeBatch.</summary>
    Task<ChangeInfo> ChangeResourceRecordSetsAsync(
        string hostedZoneId, IReadOnlyList<ResourceRecordSetChange> changes, string? comment = null, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>Poll until <see cref="ChangeInfo.IsInSync"/>.</summary>
    Task<ChangeInfo> GetChangeAsync(string changeId, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>
    /// AWS: the same <paramref name="callerReference"/> and settings return the existing check; the same reference
    /// with other settings throws HealthCheckAlreadyExists. Derive the reference from what the check is for.
    /// </summary>
    Task<HealthCheck> CreateHealthCheckAsync(string callerReference, HealthCheckConfig config, string account = "default", CancellationToken cancellationToken = default);

    Task<HealthCheck> GetHealthCheckAsync(string healthCheckId, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HealthCheck>> ListHealthChecksAsync(string account = "default", CancellationToken cancellationToken = default);

    Task<HealthCheck> UpdateHealthCheckAsync(string healthCheckId, HealthCheckUpdate update, string account = "default", CancellationToken cancellationToken = default);

    Task DeleteHealthCheckAsync(string healthCheckId, string account = "default", CancellationToken cancellationToken = default);

    /// <summary>The last observation of each checker region.</summary>
    Task<IReadOnlyList<HealthCheckObservation>> GetHealthCheckStatusAsync(string healthCheckId, string account = "default", CancellationToken cancellationToken = default);

    Task ChangeTagsForResourceAsync(
        Route53TagResourceType resourceType,
        string resourceId,
        IReadOnlyDictionary<string, string>? addTags,
        IReadOnlyCollection<string>? removeTagKeys = null,
        string account = "default",
        CancellationToken cancellationToken = default);

    /// <summary>The tags of each of <paramref name="resourceIds"/> (ListTagsForResources, at most 10 ids per call; more are split).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> ListTagsForResourcesAsync(
        Route53TagResourceType resourceType, IReadOnlyCollection<string> resourceIds, string account = "default", CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(
        Route53TagResourceType resourceType, string resourceId, string account = "default", CancellationToken cancellationToken = default);
}
