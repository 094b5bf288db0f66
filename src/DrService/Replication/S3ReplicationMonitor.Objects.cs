using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using DrService.Configuration;

namespace DrService.Replication;

public sealed partial class S3ReplicationMonitor
{
    /// <summary>
    /// The newest SampleSize objects under the prefix (from up to SamplePages listing pages), each HEADed in the source for its
    /// ReplicationStatus and in the destination for its copy. <paramref name="destinationBlockedBy"/>: the error code
    /// that kept GetBucketLocation from finding the destination; its copies are then Unknown (and not asked for).
    /// </summary>
    private async Task<Observed<IReadOnlyList<SampledObject>>> SampleAsync(
        S3PairTarget target, IAmazonS3 source, IAmazonS3 destination, string? destinationBlockedBy, bool versioned, CancellationToken cancellationToken)
    {
        var pair = target.Pair;
        List<(string Key, string? VersionId, DateTimeOffset LastModified, string? ETag)> newest;
        try
        {
            newest = versioned
                ? await NewestVersionsAsync(source, pair, cancellationToken)
                : await NewestObjectsAsync(source, pair, cancellationToken);
        }
        catch (Exception ex) when (AwsFailure.IsAws(ex))
        {
            return Observed<IReadOnlyList<SampledObject>>.Failed(Failure(ex, target.SourceRegion, pair.Source, versioned ? "ListObjectVersions" : "ListObjectsV2"));
        }

        var sampled = new List<SampledObject>(newest.Count);
        foreach (var (key, versionId, lastModified, listedETag) in newest)
        {
            string? status = null;
            var etag = listedETag;
            try
            {
                var head = await source.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = pair.Source, Key = key, VersionId = versionId }, cancellationToken);
                status = head.ReplicationStatus?.Value;
                etag = head.ETag ?? etag;
            }
            catch (Exception ex) when (AwsFailure.IsAws(ex))
            {
                // The listing already named the object; its status stays unknown.
                Failure(ex, target.SourceRegion, pair.Source, "HeadObject");
            }
            var (copy, error) = destinationBlockedBy is not null
                ? (DestinationCopy.Unknown, destinationBlockedBy)
                : await CopyAsync(target, destination, key, versionId, etag, cancellationToken);
            sampled.Add(new SampledObject(key, versionId, lastModified, etag, status, copy, error));
        }
        return Observed<IReadOnlyList<SampledObject>>.Of(sampled);
    }

    /// <summary>
    /// The newest SampleSize latest versions, by LastModified, over at most SamplePages listing pages (S3 lists in key
    /// order, so one page is the alphabetically first keys, not the newest ones). Only the running top SampleSize is kept.
    /// </summary>
    private async Task<List<(string Key, string? VersionId, DateTimeOffset LastModified, string? ETag)>> NewestVersionsAsync(
        IAmazonS3 source, BucketPairOptions pair, CancellationToken cancellationToken)
    {
        var newest = new NewestSample(pair.SampleSize);
        var request = new ListVersionsRequest { BucketName = pair.Source, Prefix = pair.Prefix, MaxKeys = ListPageSize };
        for (var page = 0; page < pair.SamplePages; page++)
        {
            var listed = await source.ListVersionsAsync(request, cancellationToken);
            newest.Add((listed.Versions ?? [])
                .Where(v => v.IsLatest == true && v.IsDeleteMarker != true && v.LastModified is not null)
                .Select(v => (v.Key, v.VersionId is null or "null" ? null : v.VersionId, Utc(v.LastModified!.Value), (string?)v.ETag)));
            if (listed.IsTruncated != true)
            {
                break;
            }
            request.KeyMarker = listed.NextKeyMarker;
            request.VersionIdMarker = listed.NextVersionIdMarker;
        }
        return newest.Items;
    }

    /// <summary>As <see cref="NewestVersionsAsync"/>, for an unversioned source (ListObjectsV2 pages).</summary>
    private async Task<List<(string Key, string? VersionId, DateTimeOffset LastModified, string? ETag)>> NewestObjectsAsync(
        IAmazonS3 source, BucketPairOptions pair, CancellationToken cancellationToken)
    {
        var newest = new NewestSample(pair.SampleSize);
        var request = new ListObjectsV2Request { BucketName = pair.Source, Prefix = pair.Prefix, MaxKeys = ListPageSize };
        for (var page = 0; page < pair.SamplePages; page++)
        {
            var listed = await source.ListObjectsV2Async(request, cancellationToken);
            newest.Add((listed.S3Objects ?? [])
                .Where(o => o.LastModified is not null)
                .Select(o => (o.Key, (string?)null, Utc(o.LastModified!.Value), (string?)o.ETag)));
            if (listed.IsTruncated != true || string.IsNullOrEmpty(listed.NextContinuationToken))
            {
                break;
            }
            request.ContinuationToken = listed.NextContinuationToken;
        }
        return newest.Items;
    }

    /// <summary>
    /// The newest <c>size</c> listed objects seen so far, trimmed after each page. LastModified has whole seconds in S3
    /// listings, so ties are common: among equals the later key wins (sequential and date-prefixed keys grow).
    /// </summary>
    private sealed class NewestSample(int size)
    {
        public List<(string Key, string? VersionId, DateTimeOffset LastModified, string? ETag)> Items { get; private set; } = [];

        public void Add(IEnumerable<(string Key, string? VersionId, DateTimeOffset LastModified, string? ETag)> page) =>
            Items = [.. Items.Concat(page).OrderByDescending(o => o.LastModified).ThenByDescending(o => o.Key, StringComparer.Ordinal).Take(size)];
    }

    /// <summary>
    /// The object's copy in the destination: the same version id (S3 replication keeps it); where the destination does
    /// not know that version (copied by other means, or moto which cannot keep version ids), the latest copy with the
    /// same ETag.
    /// </summary>
    private async Task<(DestinationCopy, string?)> CopyAsync(
        S3PairTarget target, IAmazonS3 destination, string key, string? versionId, string? etag, CancellationToken cancellationToken)
    {
        var bucket = target.Pair.Destination;
        try
        {
            if (versionId is not null)
            {
                try
                {
                    await destination.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key, VersionId = versionId }, cancellationToken);
                    return (DestinationCopy.Present, null);
                }
                catch (AmazonS3Exception ex) when (IsNotThisVersion(ex))
                {
                    // fall through to the latest copy
                }
            }
            var latest = await destination.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
            return etag is null || string.Equals(latest.ETag, etag, StringComparison.Ordinal)
                ? (DestinationCopy.Present, null)
                : (DestinationCopy.Missing, $"the destination holds other content (ETag {latest.ETag}, source {etag})");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return (DestinationCopy.Missing, null);
        }
        catch (Exception ex) when (AwsFailure.IsAws(ex))
        {
            return (DestinationCopy.Unknown, Failure(ex, target.DrRegion, bucket, "HeadObject").Code);
        }
    }

    /// <summary>HEAD of an unknown version: 404 (NoSuchVersion) or 400 (a version id the bucket cannot parse).</summary>
    private static bool IsNotThisVersion(AmazonS3Exception ex) =>
        ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest;

    private static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());
}
