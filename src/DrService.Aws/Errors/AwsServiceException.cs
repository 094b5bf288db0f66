using System.Net;

namespace DrService.Aws.Errors;

/// <summary>
/// An error answered by an AWS service, from our own clients or translated from an official SDK client
/// (<see cref="AwsErrors.FromSdk"/>): one error model for every feature. It says whether retrying can help.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(
        string service,
        string region,
        string operation,
        string errorCode,
        string message,
        string? requestId,
        HttpStatusCode httpStatusCode,
        Exception? innerException = null)
        : base($"{service} {operation} in {region} failed with {errorCode} (HTTP {(int)httpStatusCode}, request {requestId ?? "unknown"}): {message}", innerException)
    {
        Service = service;
        Region = region;
        Operation = operation;
        ErrorCode = errorCode;
        AwsMessage = message;
        RequestId = requestId;
        HttpStatusCode = httpStatusCode;
    }

    /// <summary>The SigV4 service name (ec2, rds, monitoring, route53, s3, sts).</summary>
    public string Service { get; }

    public string Region { get; }

    public string Operation { get; }

    /// <summary>The AWS error code, such as <c>DBInstanceNotFound</c> or <c>Throttling</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The message AWS sent, without our prefix (<see cref="Exception.Message"/> has the full text).</summary>
    public string AwsMessage { get; }

    public string? RequestId { get; }

    public HttpStatusCode HttpStatusCode { get; }

    /// <summary>True when AWS asked us to slow down (see <see cref="AwsErrors.ThrottlingCodes"/>).</summary>
    public bool IsThrottling => AwsErrors.IsThrottling(ErrorCode);

    /// <summary>True when the same call may succeed later: throttling, transient codes and 5xx.</summary>
    public bool IsRetryable => AwsErrors.IsRetryable(ErrorCode, HttpStatusCode);
}
