using DrService.Testing;
using System.Web;
using DrService.Aws.Credentials;
using DrService.Aws.Protocol;
using DrService.Aws.Rds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Aws.Tests.Rds;

/// <summary>The PreSignedUrl of cross-region copies and replicas, built without any network call.</summary>
public sealed class RdsPreSignedUrlTests : IDisposable
{
    private const string SourceArn = "arn:aws:rds:us-east-1:123456789012:snapshot:orders-2025";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));
    private readonly AwsTestHost _host;
    private readonly RdsClient _rds;

    public RdsPreSignedUrlTests()
    {
        _host = new AwsTestHost(new Uri("http://127.0.0.1:9"), timeProvider: _time);
        _rds = new RdsClient(_host.Clients, _host.Services.GetRequiredService<IAwsCredentialsProvider>(), _time);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task BuildCopyDBSnapshot_CrossRegion_PreSignedUrlIsSignedForTheSourceRegion()
    {
        var copy = new DbSnapshotCopy(SourceArn, "orders-2025-dr", "us-east-1", "alias/dr-key", true,
            new Dictionary<string, string> { ["dr:app"] = "orders" });

        var request = await _rds.BuildCopyDBSnapshotAsync("us-west-2", copy, "default", CancellationToken.None);

        var url = new Uri(Parameter(request, "PreSignedUrl")!);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("rds.us-east-1.amazonaws.com", url.Host);
        Assert.Equal("CopyDBSnapshot", query["Action"]);
        Assert.Equal("2014-10-31", query["Version"]);
        Assert.Equal("us-west-2", query["DestinationRegion"]);
        Assert.Equal(SourceArn, query["SourceDBSnapshotIdentifier"]);
        Assert.Equal("orders-2025-dr", query["TargetDBSnapshotIdentifier"]);
        Assert.Equal("alias/dr-key", query["KmsKeyId"]);
        Assert.Equal("orders", query["Tags.Tag.1.Value"]);
        Assert.Equal("20250304/us-east-1/rds/aws4_request", query["X-Amz-Credential"]!.Split('/', 2)[1]);
        Assert.Equal("20250304T050607Z", query["X-Amz-Date"]);
        Assert.Equal("3600", query["X-Amz-Expires"]);
        Assert.False(string.IsNullOrEmpty(query["X-Amz-Signature"]));
        Assert.Null(Parameter(request, "DestinationRegion"));
        Assert.Null(Parameter(request, "SourceRegion"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("us-west-2")]
    public async Task BuildCopyDBSnapshot_NoOtherSourceRegion_SendsNoPreSignedUrl(string? sourceRegion)
    {
        var request = await _rds.BuildCopyDBSnapshotAsync(
            "us-west-2", new DbSnapshotCopy(SourceArn, "copy", sourceRegion), "default", CancellationToken.None);

        Assert.Null(Parameter(request, "PreSignedUrl"));
    }

    [Fact]
    public async Task BuildCopyDBClusterSnapshot_CrossRegion_PreSignedUrlNamesActionAndDestination()
    {
        var request = await _rds.BuildCopyDBClusterSnapshotAsync(
            "us-west-2", new DbClusterSnapshotCopy("arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:c1", "c1-dr", "eu-west-1"), "default", CancellationToken.None);

        var query = HttpUtility.ParseQueryString(new Uri(Parameter(request, "PreSignedUrl")!).Query);
        Assert.Equal("CopyDBClusterSnapshot", query["Action"]);
        Assert.Equal("us-west-2", query["DestinationRegion"]);
        Assert.Contains("/eu-west-1/rds/aws4_request", query["X-Amz-Credential"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildCreateDBInstanceReadReplica_SourceRegionGiven_PreSignedUrlForSourceRegion()
    {
        var request = await _rds.BuildCreateDBInstanceReadReplicaAsync(
            "us-west-2", new DbReadReplicaCreate("db-dr", "arn:aws:rds:us-east-1:123456789012:db:db", "us-east-1"), "default", CancellationToken.None);

        var query = HttpUtility.ParseQueryString(new Uri(Parameter(request, "PreSignedUrl")!).Query);
        Assert.Equal("CreateDBInstanceReadReplica", query["Action"]);
        Assert.Equal("arn:aws:rds:us-east-1:123456789012:db:db", query["SourceDBInstanceIdentifier"]);
        Assert.Contains("/us-east-1/rds/aws4_request", query["X-Amz-Credential"], StringComparison.Ordinal);
    }

    private static string? Parameter(QueryRequest request, string name) =>
        request.Parameters.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();
}
