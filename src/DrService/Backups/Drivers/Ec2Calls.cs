using Amazon.Runtime;
using DrService.Aws;
using DrService.Aws.Errors;
using DrService.Backups.Model;
using DrService.Configuration;

namespace DrService.Backups.Drivers;

/// <summary>How the EC2 drivers call AWS: SDK errors converted to ours, every page read, ids sent in filter-sized chunks.</summary>
internal static class Ec2Calls
{
    public const string Service = "ec2";

    /// <summary>EC2 accepts at most 200 values in one filter.</summary>
    public const int MaxFilterValues = 200;

    /// <summary>The largest MaxResults every EC2 Describe* we use accepts (DescribeVolumes caps at 500).</summary>
    public const int MaxPageSize = 500;

    /// <summary>Runs one EC2 call; an <see cref="AmazonServiceException"/> becomes our <see cref="AwsServiceException"/>.</summary>
    public static async Task<T> RunAsync<T>(string region, string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException e)
        {
            throw AwsErrors.FromSdk(e, Service, region, operation);
        }
    }

    /// <summary>Every page of a paginated Describe*: <paramref name="page"/> gets the previous page's NextToken (null first).</summary>
    public static async Task<List<TItem>> AllPagesAsync<TResponse, TItem>(
        string region,
        string operation,
        Func<string?, Task<TResponse>> page,
        Func<TResponse, IEnumerable<TItem>?> items,
        Func<TResponse, string?> nextToken)
    {
        var all = new List<TItem>();
        string? token = null;
        do
        {
            var response = await RunAsync(region, operation, () => page(token));
            all.AddRange(items(response) ?? []);
            token = nextToken(response);
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }

    /// <summary>
    /// The resources a selector picks: one paginated query per chunk of ids (filter <paramref name="idFilter"/>), one
    /// for the tags (every tag must match), merged without duplicates in the order found. An empty selector picks nothing.
    /// </summary>
    public static async Task<List<T>> SelectAsync<T>(
        ResourceSelector selector,
        string idFilter,
        int chunkSize,
        Func<List<Amazon.EC2.Model.Filter>, Task<List<T>>> query,
        Func<T, string> idOf)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var found = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IEnumerable<T> items)
        {
            foreach (var item in items)
            {
                if (seen.Add(idOf(item)))
                {
                    found.Add(item);
                }
            }
        }

        foreach (var chunk in selector.Ids.Distinct(StringComparer.Ordinal).Chunk(chunkSize))
        {
            Add(await query([new Amazon.EC2.Model.Filter(idFilter, [.. chunk])]));
        }
        if (selector.Tags.Count > 0)
        {
            Add(await query([.. selector.Tags.Select(t => Ec2Tags.Filter(t.Key, t.Value))]));
        }
        return found;
    }

    /// <summary>
    /// Whether a failed call may still have taken effect in AWS: a 5xx answer (other than throttling), a timeout, a reset
    /// or another transport failure, where the answer, not necessarily the work, was lost. Our own cancellation is not.
    /// </summary>
    public static bool IsAmbiguous(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AwsServiceException aws => !aws.IsThrottling && ((int)aws.HttpStatusCode >= 500 || aws.HttpStatusCode == 0),
        _ when cancellationToken.IsCancellationRequested => false,
        TimeoutException or OperationCanceledException or HttpRequestException or IOException => true,
        AmazonClientException => true,
        _ => false,
    };

    /// <summary>The contract's guard: nothing without the ownership tag is ever deleted.</summary>
    public static void EnsureOwned(Artifact artifact)
    {
        if (!artifact.IsOwned)
        {
            throw new InvalidOperationException(
                $"Refusing to delete {artifact.Kind} {artifact.Id} in {artifact.Region}: it does not carry {OwnershipTags.ManagedBy}={OwnershipTags.ManagedByValue}, so DrService does not own it.");
        }
    }

    /// <summary>Snapshot and image ARNs carry no account: <c>arn:aws:ec2:us-east-1::snapshot/snap-...</c> (the region's partition).</summary>
    public static string Arn(string region, string resourceType, string id) =>
        AwsPartition.For(region).Arn("ec2", region, "", $"{resourceType}/{id}");

    public static DateTimeOffset Utc(DateTime? at) => at switch
    {
        null => DateTimeOffset.UnixEpoch,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime()),
        { } other => new DateTimeOffset(DateTime.SpecifyKind(other, DateTimeKind.Utc)),
    };
}
