using System.Xml.Linq;
using DrService.Aws.Credentials;
using DrService.Aws.Protocol;
using DrService.Aws.Signing;

namespace DrService.Aws.Rds;

/// <summary>
/// <see cref="IRdsClient"/> on the shared <see cref="AwsQueryClient"/>: builds the request (<see cref="RdsRequests"/>),
/// calls it in the region, reads the answer into records. Cross-region copies and replicas carry a PreSignedUrl signed
/// for the source region with the same account's credentials, as the official SDKs compute it from SourceRegion.
/// A singleton; thread-safe.
/// </summary>
public sealed partial class RdsClient(IAwsClientFactory aws, IAwsCredentialsProvider credentials, TimeProvider timeProvider) : IRdsClient
{
    /// <summary>How long a PreSignedUrl stays valid (botocore signs it for an hour).</summary>
    internal static readonly TimeSpan PreSignedUrlLifetime = TimeSpan.FromHours(1);

    /// <summary>MaxRecords of describe calls (RDS accepts 20..100); tests lower it to force several pages.</summary>
    internal int PageSize { get; set; } = 100;

    /// <summary>Sees every request before it is sent (first page of describe calls); tests check them against botocore's model.</summary>
    internal Action<QueryRequest>? RequestObserver { get; set; }

    private async Task<XElement> CallAsync(string region, string account, QueryRequest request, CancellationToken cancellationToken)
    {
        RequestObserver?.Invoke(request);
        return await aws.Query.CallAsync(region, account, request, cancellationToken);
    }

    private async Task<IReadOnlyList<T>> DescribeAsync<T>(
        string region, string account, QueryRequest request, string listName, Func<XElement, T> read, CancellationToken cancellationToken)
    {
        RequestObserver?.Invoke(request);
        var items = new List<T>();
        await foreach (var element in aws.Query.PaginateAsync(
            region, account, request, r => r.Child(listName)?.Elements() ?? [], "Marker", "Marker", cancellationToken))
        {
            items.Add(read(element));
        }
        return items;
    }

    /// <summary>
    /// Adds <c>PreSignedUrl</c> when <paramref name="sourceRegion"/> is given and differs from the destination: a GET of
    /// the same action and parameters plus <c>DestinationRegion</c>, presigned for the source region (service rds).
    /// </summary>
    internal async Task<QueryRequest> WithPreSignedUrlAsync(
        QueryRequest request, string destinationRegion, string? sourceRegion, string account, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sourceRegion) || string.Equals(sourceRegion, destinationRegion, StringComparison.Ordinal))
        {
            return request;
        }
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = request.Action,
            ["Version"] = request.Version,
        };
        foreach (var (name, value) in request.Parameters)
        {
            parameters[name] = value;
        }
        parameters["DestinationRegion"] = destinationRegion;
        var creds = await credentials.GetAsync(account, cancellationToken);
        var url = AwsRequestSigner.PresignQueryUrl(
            sourceRegion, RdsRequests.Service, parameters, creds, PreSignedUrlLifetime, timeProvider.GetUtcNow());
        return request.With("PreSignedUrl", url.AbsoluteUri);
    }

    internal Task<QueryRequest> BuildCopyDBSnapshotAsync(string region, DbSnapshotCopy copy, string account, CancellationToken cancellationToken) =>
        WithPreSignedUrlAsync(RdsRequests.CopyDBSnapshot(copy), region, copy.SourceRegion, account, cancellationToken);

    internal Task<QueryRequest> BuildCopyDBClusterSnapshotAsync(string region, DbClusterSnapshotCopy copy, string account, CancellationToken cancellationToken) =>
        WithPreSignedUrlAsync(RdsRequests.CopyDBClusterSnapshot(copy), region, copy.SourceRegion, account, cancellationToken);

    internal Task<QueryRequest> BuildCreateDBInstanceReadReplicaAsync(string region, DbReadReplicaCreate replica, string account, CancellationToken cancellationToken) =>
        WithPreSignedUrlAsync(RdsRequests.CreateDBInstanceReadReplica(replica), region, replica.SourceRegion, account, cancellationToken);
}
