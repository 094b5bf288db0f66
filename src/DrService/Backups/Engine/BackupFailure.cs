using System.Collections.Frozen;
using DrService.Aws.Errors;

namespace DrService.Backups.Engine;

/// <summary>
/// A failure recorded against a resource: the AWS error code (or a DrService code such as <c>NoSourceBackup</c>),
/// the message, and whether trying again within the cycle can help (limits and throttling) or only the next cycle
/// can (everything else). Cancellation is never a failure.
/// </summary>
public sealed record BackupFailure(string Code, string Message, bool RetryWithinCycle)
{
    /// <summary>AWS's answers to "too many copies at once" and to throttling: re-queue with backoff, never drop.</summary>
    public static readonly FrozenSet<string> LimitCodes = FrozenSet.Create(StringComparer.Ordinal,
        "ResourceLimitExceeded", "SnapshotCopyLimitExceeded", "SnapshotCreationPerVolumeRateExceeded",
        "SnapshotQuotaExceeded", "SnapshotQuotaExceededFault", "DBSnapshotQuotaExceeded",
        "ConcurrentSnapshotLimitExceeded", "PendingSnapshotLimitExceeded", "ImageCopyLimitExceeded");

    /// <summary>
    /// Classifies what a driver threw; null for what is not a recordable failure (our own cancellation, bugs). A
    /// timeout or a network failure (after the client's own retries) is recorded against the resource like an AWS
    /// error: it must not end the cycle for the others.
    /// </summary>
    public static BackupFailure? From(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AwsServiceException aws => new BackupFailure(aws.ErrorCode, aws.AwsMessage, aws.IsThrottling || LimitCodes.Contains(aws.ErrorCode) || aws.IsRetryable),
        AwsRegionUnavailableException dark => new BackupFailure("RegionUnavailable", dark.Message, RetryWithinCycle: false),
        BackupConfigurationException config => new BackupFailure(config.Code, config.Message, RetryWithinCycle: false),
        Drivers.RdsDriverException refusal => new BackupFailure(refusal.Code, refusal.Message, refusal.IsRetryable),
        _ when cancellationToken.IsCancellationRequested => null,
        TimeoutException or OperationCanceledException => new BackupFailure("Timeout", $"AWS did not answer in time: {exception.Message}", RetryWithinCycle: false),
        HttpRequestException http => new BackupFailure("NetworkError", http.Message, RetryWithinCycle: false),
        Amazon.Runtime.AmazonClientException client => new BackupFailure("ClientError", client.Message, RetryWithinCycle: false),
        _ => null,
    };
}

/// <summary>A problem only configuration can fix (such as a missing DR KMS key for an encrypted source).</summary>
public sealed class BackupConfigurationException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
