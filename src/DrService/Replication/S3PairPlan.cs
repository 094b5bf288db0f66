using DrService.Aws;
using DrService.Configuration;

namespace DrService.Replication;

/// <summary>One configured S3 replication pair, with its regions resolved.</summary>
internal sealed record S3PairTarget(string Application, ApplicationOptions Options, string Account, BucketPairOptions Pair, string SourceRegion, string DrRegion)
{
    public string Subject => $"bucket:{Pair.Source}";

    /// <summary>The destination's ARN a replication rule must name (<c>arn:aws:s3:::bucket</c>, in the DR region's partition).</summary>
    public string DestinationArn => AwsPartition.For(DrRegion).Arn("s3", "", "", Pair.Destination);

    /// <summary>RTC is required when configured so; unset: for tier A only.</summary>
    public bool RequiresReplicationTimeControl => Pair.RequireReplicationTimeControl ?? Options.Tier == ApplicationTier.A;

    public static IReadOnlyList<S3PairTarget> From(DrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            .. options.Applications.OrderBy(a => a.Key, StringComparer.Ordinal).SelectMany(a => a.Value.Resources.BucketPairs.Select(pair =>
                new S3PairTarget(a.Key, a.Value, a.Value.Account, pair, a.Value.SourceRegionOr(options.Regions), options.Regions.Dr))),
        ];
    }
}

/// <summary>The outcome of one AWS read: a value, or the failure that stopped it.</summary>
internal sealed record Observed<T>(T? Value, AwsFailure? Failure)
{
    public static Observed<T> Of(T? value) => new(value, null);

    public static Observed<T> Failed(AwsFailure failure) => new(default, failure);

    public bool Ok => Failure is null;
}

/// <summary>Where one sampled source object stands in the destination.</summary>
internal enum DestinationCopy
{
    /// <summary>The same version (or, where the version ids differ, the same ETag) is in the destination.</summary>
    Present,

    Missing,

    /// <summary>The destination could not be asked (an error other than not-found).</summary>
    Unknown,
}

/// <summary>
/// One sampled source object: its newest version, the source's ReplicationStatus and its copy in the destination;
/// <see cref="CopyError"/> is the error code (or the reason it is Missing) when the copy is not Present.
/// </summary>
internal sealed record SampledObject(string Key, string? VersionId, DateTimeOffset LastModified, string? ETag, string? ReplicationStatus, DestinationCopy Copy, string? CopyError = null);


/// <summary>What the per-pair calls found, before the batched CloudWatch metrics are added.</summary>
internal sealed record S3PairState(S3PairTarget Target)
{
    public Observed<string>? SourceVersioning { get; init; }

    /// <summary>The destination bucket's region (GetBucketLocation, normalised: us-east-1 for the empty answer).</summary>
    public Observed<string>? DestinationRegion { get; init; }

    public Observed<string>? DestinationVersioning { get; init; }

    public Observed<RuleMatch>? Rule { get; init; }

    public Observed<IReadOnlyList<SampledObject>>? Sample { get; init; }
}
