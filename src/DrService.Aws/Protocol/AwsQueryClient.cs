using System.Runtime.CompilerServices;
using System.Xml.Linq;
using DrService.Aws.Signing;

namespace DrService.Aws.Protocol;

/// <summary>
/// The shared executor of Query-protocol services (RDS 2014-10-31, CloudWatch 2010-08-01): POSTs the form body to
/// the regional endpoint (or ServiceUrl), signed per attempt, retried by <see cref="AwsRetryPipeline"/>.
/// Typed clients (RDS, CloudWatch) are thin wrappers over it. A singleton; thread-safe.
/// </summary>
public sealed class AwsQueryClient
{
    private readonly AwsHttpExecutor _executor;

    internal AwsQueryClient(AwsHttpExecutor executor) => _executor = executor;

    /// <summary>
    /// Calls <paramref name="request"/> in <paramref name="region"/> as <paramref name="account"/> and returns the
    /// <c>{Action}Result</c> element (the whole answer when it has none). Throws AwsServiceException (code, request id,
    /// retryability) once retries are spent, AwsRegionUnavailableException when the region cannot be reached.
    /// </summary>
    public async Task<XElement> CallAsync(string region, string account, QueryRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(account);
        ArgumentNullException.ThrowIfNull(request);
        var call = new SignedCall(
            request.Service,
            region,
            account,
            request.Action,
            HttpMethod.Post,
            AwsEndpoints.Regional(request.Service, region, _executor.ServiceUrl),
            AwsHttpExecutor.Utf8(request.ToFormBody()),
            AwsRequestSigner.FormContentType);
        var root = await _executor.SendAsync(call, cancellationToken);
        return root.Child(request.Action + "Result") ?? root;
    }

    /// <summary>
    /// Follows every page: sends <paramref name="request"/>, yields <paramref name="items"/> of each result, and
    /// repeats with <paramref name="markerParameter"/> set to the result's <paramref name="markerElement"/> until it
    /// is absent. RDS: ("Marker", "Marker"); CloudWatch: ("NextToken", "NextToken").
    /// </summary>
    public async IAsyncEnumerable<XElement> PaginateAsync(
        string region,
        string account,
        QueryRequest request,
        Func<XElement, IEnumerable<XElement>> items,
        string markerParameter = "Marker",
        string markerElement = "Marker",
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(items);
        var page = request;
        while (true)
        {
            var result = await CallAsync(region, account, page, cancellationToken);
            foreach (var item in items(result))
            {
                yield return item;
            }
            var marker = result.ChildValue(markerElement);
            if (string.IsNullOrEmpty(marker))
            {
                yield break;
            }
            page = request.WithReplaced(markerParameter, marker);
        }
    }
}
