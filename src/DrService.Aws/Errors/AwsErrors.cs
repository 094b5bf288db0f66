using System.Collections.Frozen;
using System.Net;
using Amazon.Runtime;

namespace DrService.Aws.Errors;

/// <summary>The one classification of AWS errors (throttling, retryable) shared by our clients and the official SDK's.</summary>
public static class AwsErrors
{
    /// <summary>Error codes by which AWS services ask callers to slow down.</summary>
    public static readonly FrozenSet<string> ThrottlingCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException");

    /// <summary>Codes of transient failures that are not throttling (they may come with a 4xx status).</summary>
    public static readonly FrozenSet<string> TransientCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "Unavailable", "IDPCommunicationError");

    public static bool IsThrottling(string? errorCode) => errorCode is not null && ThrottlingCodes.Contains(errorCode);

    public static bool IsRetryable(string? errorCode, HttpStatusCode status) =>
        IsThrottling(errorCode)
        || (errorCode is not null && TransientCodes.Contains(errorCode))
        || (int)status >= 500
        || status == HttpStatusCode.TooManyRequests;

    /// <summary>Translates an official SDK error into ours, so that features see one error model.</summary>
    public static AwsServiceException FromSdk(AmazonServiceException exception, string service, string region, string operation)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new AwsServiceException(
            service,
            region,
            operation,
            string.IsNullOrEmpty(exception.ErrorCode) ? $"Http{(int)exception.StatusCode}" : exception.ErrorCode,
            exception.Message,
            exception.RequestId,
            exception.StatusCode,
            exception);
    }
}
