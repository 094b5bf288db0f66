using Amazon.EC2;
using Amazon.S3;
using Amazon.SecurityToken;
using DrService.Aws.Protocol;

namespace DrService.Aws;

/// <summary>
/// Per (account, region) AWS clients, cached for the process: the official SDK clients for EC2, S3 and STS, and the
/// shared executors on which the RDS, CloudWatch and Route 53 clients are thin typed wrappers.
/// </summary>
public interface IAwsClientFactory
{
    IAmazonEC2 Ec2(string region, string account = "default");

    /// <summary>
    /// An EC2 client whose SDK retries nothing, for calls without an idempotency token (CopySnapshot, CreateSnapshot):
    /// the SDK retries 5xx answers and timeouts, and a retry after an answer lost on the way back does the work twice.
    /// The caller looks AWS up before it re-issues (and retries throttling itself).
    /// </summary>
    IAmazonEC2 Ec2WithoutRetries(string region, string account = "default");

    /// <summary>Path-style addressing when an endpoint override (ServiceUrl) is set.</summary>
    IAmazonS3 S3(string region, string account = "default");

    IAmazonSecurityTokenService Sts(string region, string account = "default");

    /// <summary>Query protocol (RDS, CloudWatch): <c>Query.CallAsync(region, account, request, ct)</c>.</summary>
    AwsQueryClient Query { get; }

    /// <summary>REST-XML (Route 53): <c>RestXml.SendAsync(account, operation, method, path, body, ct)</c>.</summary>
    AwsRestXmlClient RestXml { get; }
}
