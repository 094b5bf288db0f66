using Amazon.S3;
using Amazon.S3.Model;

namespace DrService.Replication;

public sealed partial class S3ReplicationMonitor
{
    private async Task<S3PairState> ObservePairAsync(S3PairTarget target, CancellationToken cancellationToken)
    {
        var pair = target.Pair;
        var source = aws.S3(target.SourceRegion, target.Account);
        var destination = aws.S3(target.DrRegion, target.Account);

        var sourceVersioning = await ReadAsync(target.SourceRegion, pair.Source, "GetBucketVersioning", async () =>
            Versioning(await source.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = pair.Source }, cancellationToken)));
        var destinationRegion = await ReadAsync(target.DrRegion, pair.Destination, "GetBucketLocation", async () =>
            Region(await destination.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = pair.Destination }, cancellationToken)));
        var destinationVersioning = destinationRegion.Failure is { Code: "NoSuchBucket" } gone
            ? Observed<string>.Failed(gone)
            : await ReadAsync(target.DrRegion, pair.Destination, "GetBucketVersioning", async () =>
                Versioning(await destination.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = pair.Destination }, cancellationToken)));
        if (sourceVersioning.Failure is { Code: "NoSuchBucket" } noSource)
        {
            // Nothing more to read from a source that does not exist.
            return new S3PairState(target)
            {
                SourceVersioning = sourceVersioning,
                DestinationRegion = destinationRegion,
                DestinationVersioning = destinationVersioning,
                Rule = Observed<RuleMatch>.Failed(noSource),
                Sample = Observed<IReadOnlyList<SampledObject>>.Failed(noSource),
            };
        }
        var rule = await ReadRuleAsync(target, source, cancellationToken);
        var versioned = sourceVersioning.Value is "Enabled" or "Suspended";
        var sample = await SampleAsync(target, source, destination, destinationRegion.Failure?.Code, versioned, cancellationToken);
        return new S3PairState(target)
        {
            SourceVersioning = sourceVersioning,
            DestinationRegion = destinationRegion,
            DestinationVersioning = destinationVersioning,
            Rule = rule,
            Sample = sample,
        };
    }

    private async Task<Observed<RuleMatch>> ReadRuleAsync(S3PairTarget target, IAmazonS3 source, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await source.GetBucketReplicationAsync(new GetBucketReplicationRequest { BucketName = target.Pair.Source }, cancellationToken);
            return Observed<RuleMatch>.Of(S3RuleMatcher.Match(answer.Configuration, target.DestinationArn, target.Pair.Prefix));
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "ReplicationConfigurationNotFoundError")
        {
            return Observed<RuleMatch>.Of(S3RuleMatcher.Match(null, target.DestinationArn, target.Pair.Prefix));
        }
        catch (Exception ex) when (AwsFailure.IsAws(ex))
        {
            return Observed<RuleMatch>.Failed(Failure(ex, target.SourceRegion, target.Pair.Source, "GetBucketReplication"));
        }
    }

    private async Task<Observed<T>> ReadAsync<T>(string region, string bucket, string operation, Func<Task<T>> read)
    {
        try
        {
            return Observed<T>.Of(await read());
        }
        catch (Exception ex) when (AwsFailure.IsAws(ex))
        {
            return Observed<T>.Failed(Failure(ex, region, bucket, operation));
        }
    }

    private AwsFailure Failure(Exception ex, string region, string bucket, string operation)
    {
        var failure = AwsFailure.From(ex, "s3", region, operation);
        LogAwsFailure(logger, operation, bucket, region, failure.Code);
        return failure;
    }

    /// <summary>Enabled, Suspended or Off (a bucket never versioned answers no status).</summary>
    private static string Versioning(GetBucketVersioningResponse answer) =>
        answer.VersioningConfig?.Status?.Value is { Length: > 0 } status ? status : "Off";

    /// <summary>GetBucketLocation answers nothing for us-east-1 and EU for the oldest eu-west-1 buckets.</summary>
    private static string Region(GetBucketLocationResponse answer) =>
        answer.Location?.Value switch
        {
            null or "" => "us-east-1",
            "EU" => "eu-west-1",
            var region => region,
        };
}
