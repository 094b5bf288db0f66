using Amazon.Runtime;
using DrService.Aws.Signing;

namespace DrService.Aws.Tests.Signing;

public sealed class AwsRequestSignerTests
{
    private static readonly DateTimeOffset SignedAt = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PresignQueryUrl_CopyDBSnapshot_IsSignedForTheSourceRegion()
    {
        var parameters = new Dictionary<string, string>
        {
            ["Action"] = "CopyDBSnapshot",
            ["Version"] = "2014-10-31",
            ["SourceDBSnapshotIdentifier"] = "arn:aws:rds:us-east-1:123456789012:snapshot:orders-1",
            ["TargetDBSnapshotIdentifier"] = "orders-1-copy",
            ["KmsKeyId"] = "arn:aws:kms:us-west-2:123456789012:key/abc",
            ["DestinationRegion"] = "us-west-2",
        };

        var url = AwsRequestSigner.PresignQueryUrl(
            "us-east-1", "rds", parameters, new ImmutableCredentials("AKIDEXAMPLE", "secret", null), TimeSpan.FromMinutes(15), SignedAt);
        var query = Uri.UnescapeDataString(url.Query);

        Assert.Equal("rds.us-east-1.amazonaws.com", url.Host);
        Assert.Contains("X-Amz-Algorithm=AWS4-HMAC-SHA256", query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Credential=AKIDEXAMPLE/20250101/us-east-1/rds/aws4_request", query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Date=20250101T120000Z", query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Expires=900", query, StringComparison.Ordinal);
        Assert.Matches("X-Amz-Signature=[0-9a-f]{64}", query);
        Assert.Contains("Action=CopyDBSnapshot", query, StringComparison.Ordinal);
        Assert.Contains("DestinationRegion=us-west-2", query, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_WithSessionToken_CopiesSigV4HeadersAndToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://rds.us-west-2.amazonaws.com/");

        AwsRequestSigner.Sign(request, "Action=DescribeDBInstances&Version=2014-10-31"u8.ToArray(),
            new ImmutableCredentials("AKIDEXAMPLE", "secret", "session-token"), "us-west-2", "rds", SignedAt);

        Assert.Contains("Credential=AKIDEXAMPLE/20250101/us-west-2/rds/aws4_request", string.Join(",", request.Headers.GetValues("Authorization")), StringComparison.Ordinal);
        Assert.Equal("20250101T120000Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Single(request.Headers.GetValues("X-Amz-Content-SHA256"));
        Assert.Equal("session-token", request.Headers.GetValues("X-Amz-Security-Token").Single());
    }
}
