using Amazon.Runtime;
using DrService.Aws.Errors;

namespace DrService.Replication;

/// <summary>
/// An AWS call that failed, reduced to what a condition shows: the AWS error code (<c>AccessDenied</c>,
/// <c>NoSuchBucket</c>, <c>RegionUnavailable</c> for a dark region) and the message.
/// </summary>
internal sealed record AwsFailure(string Code, string Message)
{
    public const string RegionUnavailable = nameof(RegionUnavailable);

    /// <summary>True for the exceptions a monitor turns into conditions (AWS answers and unreachable regions).</summary>
    public static bool IsAws(Exception exception) => Find(exception) is not null;

    public static AwsFailure From(Exception exception, string service, string region, string operation)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Find(exception) switch
        {
            AwsRegionUnavailableException dark => new(RegionUnavailable, dark.Message),
            AwsServiceException ours => new(ours.ErrorCode, ours.Message),
            AmazonServiceException sdk => From(AwsErrors.FromSdk(sdk, service, region, operation), service, region, operation),
            _ => new(exception.GetType().Name, exception.Message),
        };
    }

    // The region-unavailable exception may travel inside an SDK exception (the official clients wrap handler failures).
    private static Exception? Find(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is AwsRegionUnavailableException)
            {
                return e;
            }
        }
        return exception is AwsServiceException or AmazonServiceException ? exception : null;
    }
}
