using System.Net;
using Amazon.Runtime;
using DrService.Aws.Errors;

namespace DrService.Aws.Tests.Errors;

public sealed class AwsErrorsTests
{
    [Fact]
    public void FromSdk_ThrottlingException_KeepsCodeRequestIdAndRetryability()
    {
        var sdk = new AmazonServiceException("Rate exceeded", ErrorType.Sender, "RequestLimitExceeded", "req-42", HttpStatusCode.ServiceUnavailable);

        var ours = AwsErrors.FromSdk(sdk, "ec2", "us-east-1", "CopySnapshot");

        Assert.Equal("RequestLimitExceeded", ours.ErrorCode);
        Assert.Equal("req-42", ours.RequestId);
        Assert.True(ours.IsThrottling);
        Assert.True(ours.IsRetryable);
        Assert.Same(sdk, ours.InnerException);
    }
}
