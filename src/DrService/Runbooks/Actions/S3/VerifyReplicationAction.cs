using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DrService.Aws.Errors;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>s3.verify-replication</c>: checks the replication destination <c>bucketDestination</c> from the DR side only
/// (<c>region</c>; the source region is never called): versioning enabled, and the newest object with its
/// ReplicationStatus and age. S3 lists keys in key order, not by age, so the newest object is the newest by LastModified
/// over up to <c>maxPages</c> ListObjectsV2 pages (default 10, i.e. 10,000 keys); in a larger bucket a newer object
/// whose key sorts after the pages read is missed (issue 14, item 16). Fails (not retryable) when versioning is off;
/// with <c>maxAge</c>, fails (retryable) when the newest replica is older. Outputs <c>versioning</c>, <c>objects</c>
/// (counted on the pages read), <c>newestKey</c>, <c>newestAgeSeconds</c>, <c>replicationStatus</c>.
/// </summary>
public sealed class VerifyReplicationAction(ActionServices services) : StepAction(services)
{
    public override string Name => "s3.verify-replication";

    public override ActionSchema Schema { get; } = new(["bucketDestination", "region"], ["maxAge", "maxPages"], ["versioning", "objects", "newestKey", "newestAgeSeconds", "replicationStatus"]);

    /// <summary>Keys one listing page asks for (S3's maximum); tests lower it to read several pages.</summary>
    internal int ListPageSize { get; set; } = 1000;

    private const int DefaultMaxPages = 10;

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var region = Shown(context, "region");
        var bucket = Shown(context, "bucketDestination");
        return
        [
            new("s3", "GetBucketVersioning", region, bucket),
            new("s3", "ListObjectsV2", region, bucket, "up to maxPages (10) pages: the newest replica by LastModified"),
            new("s3", "HeadObject", region, bucket, "the newest replica's ReplicationStatus"),
        ];
    }

    protected override Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<StepResult?>(null);

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var region = context.Input("region");
        var bucket = context.Input("bucketDestination");
        var s3 = Services.Aws.S3(region, Services.Account(context));
        var versioning = await RunAsync(region, "GetBucketVersioning", () => s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, cancellationToken));
        var status = versioning.VersioningConfig?.Status?.Value ?? "Off";
        if (status != VersionStatus.Enabled.Value)
        {
            throw new StepFailedException("VersioningNotEnabled", $"Bucket {bucket} in {region} has versioning {status}: it cannot be a replication destination.");
        }
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket, MaxKeys = ListPageSize };
        for (var page = 0; page < MaxPages(context); page++)
        {
            var listed = await RunAsync(region, "ListObjectsV2", () => s3.ListObjectsV2Async(request, cancellationToken));
            objects.AddRange(listed.S3Objects ?? []);
            if (listed.IsTruncated != true || string.IsNullOrEmpty(listed.NextContinuationToken))
            {
                break;
            }
            request.ContinuationToken = listed.NextContinuationToken;
        }
        // LastModified has whole seconds in S3: on a tie the later key wins, as in the replication monitor's sample.
        var newest = objects.OrderByDescending(o => o.LastModified).ThenByDescending(o => o.Key, StringComparer.Ordinal).FirstOrDefault();
        var outputs = new Dictionary<string, string>
        {
            ["versioning"] = status,
            ["objects"] = objects.Count.ToString(CultureInfo.InvariantCulture),
            ["newestKey"] = newest?.Key ?? "",
            ["newestAgeSeconds"] = "",
            ["replicationStatus"] = "",
        };
        if (newest is null)
        {
            await context.Log($"{bucket} in {region}: versioning {status}, no object replicated yet.", cancellationToken);
            return new StepResult(outputs, $"{bucket}: versioning enabled, empty");
        }
        var head = await RunAsync(region, "HeadObject", () => s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = newest.Key }, cancellationToken));
        var modified = newest.LastModified is { } lm ? new DateTimeOffset(DateTime.SpecifyKind(lm, DateTimeKind.Utc)) : Services.Time.GetUtcNow();
        var age = Services.Time.GetUtcNow() - modified;
        outputs["newestAgeSeconds"] = Math.Max(0, age.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
        outputs["replicationStatus"] = head.ReplicationStatus?.Value ?? "";
        var message = $"{bucket} in {region}: versioning {status}, newest object {newest.Key} ({outputs["newestAgeSeconds"]} s old, replication status '{outputs["replicationStatus"]}').";
        await context.Log(message, cancellationToken);
        if (ActionInputs.OptionalDuration(context, "maxAge") is { } maxAge && age > maxAge)
        {
            throw new StepFailedException("ReplicaTooOld", $"{message} Older than {maxAge}.", retryable: true);
        }
        return new StepResult(outputs, message);
    }

    private static int MaxPages(StepContext context) => ActionInputs.OptionalInt(context, "maxPages", DefaultMaxPages, 1, 100);

    private static async Task<T> RunAsync<T>(string region, string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException e)
        {
            throw AwsErrors.FromSdk(e, "s3", region, operation);
        }
    }
}
