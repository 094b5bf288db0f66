using System.Xml.Linq;

namespace DrService.Aws.Protocol;

/// <summary>
/// The executor of Route 53 (REST-XML, API 2013-04-01, a global service): sends an XML body to the partition's Route 53
/// endpoint (<c>https://route53.amazonaws.com{pathAndQuery}</c>, signed for us-east-1; China and GovCloud have their
/// own, see <see cref="AwsPartition"/>) or to ServiceUrl, retried by
/// <see cref="AwsRetryPipeline"/>. Request bodies must carry <see cref="Route53Namespace"/>. A singleton.
/// </summary>
public sealed class AwsRestXmlClient
{
    /// <summary>The namespace Route 53 requires on request bodies.</summary>
    public static readonly XNamespace Route53Namespace = "https://route53.amazonaws.com/doc/2013-04-01/";

    public const string Route53Version = "2013-04-01";

    private const string Service = "route53";

    private readonly AwsHttpExecutor _executor;

    internal AwsRestXmlClient(AwsHttpExecutor executor) => _executor = executor;

    /// <summary>
    /// Sends one Route 53 operation. <paramref name="pathAndQuery"/> includes the version, e.g.
    /// <c>/2013-04-01/hostedzone?maxitems=100</c>. Returns the answer's root element (empty operations: an empty
    /// <c>{operation}Response</c>). Errors: AwsServiceException (InvalidChangeBatch messages joined).
    /// </summary>
    public Task<XElement> SendAsync(
        string account, string operation, HttpMethod method, string pathAndQuery, XElement? body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        var partition = _executor.Partition;
        var endpoint = AwsEndpoints.Route53(partition, _executor.ServiceUrl);
        var call = new SignedCall(
            Service,
            partition.GlobalRegion,
            account,
            operation,
            method,
            new Uri(endpoint, pathAndQuery),
            body is null ? null : AwsHttpExecutor.Utf8(body.ToString(SaveOptions.DisableFormatting)),
            "application/xml");
        return _executor.SendAsync(call, cancellationToken);
    }
}
