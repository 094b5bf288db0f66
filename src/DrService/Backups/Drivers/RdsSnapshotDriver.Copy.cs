using DrService.Aws.Errors;
using DrService.Backups.Model;

namespace DrService.Backups.Drivers;

/// <summary>StartCopyAsync: one Copy call, idempotent through the deterministic target identifier.</summary>
public abstract partial class RdsSnapshotDriver<TSnapshot>
{
    public async Task<string> StartCopyAsync(CopyOrder order, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        EnsureKind(order.Source.Kind, nameof(order));
        var source = order.Source;
        var crossRegion = !string.Equals(source.Region, order.DestinationRegion, StringComparison.Ordinal);
        if (source.Encrypted && crossRegion && string.IsNullOrWhiteSpace(order.KmsKeyId))
        {
            // AWS needs a key of the destination region for an encrypted copy across regions (KMS keys are regional).
            var key = RdsSelection.KmsKeyConfigurationKey(order.Application);
            throw new RdsDriverException(
                RdsDriverException.KmsKeyRequired,
                $"{Kind} {source.Id} in {source.Region} is encrypted: copying it to {order.DestinationRegion} needs a KMS key of " +
                $"{order.DestinationRegion}. Set {key} to its ARN or alias.",
                key);
        }

        if (!source.Encrypted && order.KmsKeyId is not null)
        {
            // KmsKeyId is for encrypted sources only. botocore rds 2014-10-31, CopyDBClusterSnapshotMessage.KmsKeyId: "If you
            // copy an unencrypted DB cluster snapshot and specify a value for the KmsKeyId parameter, an error is returned."
            // CopyDBSnapshotMessage.KmsKeyId: "If you specify this parameter when you copy an unencrypted snapshot, the copy
            // is encrypted": Backup:KmsKeyId is the destination key for encrypted sources, not a request to encrypt the
            // unencrypted ones, so neither copy sends it. moto accepts both (issue 14, item 2; docs/design/aws-facts.md).
            order = order with { KmsKeyId = null };
        }

        var sourceArn = source.Arn ?? await SourceArnAsync(source, account, cancellationToken);
        try
        {
            var copy = await CopySnapshotAsync(order, sourceArn, RdsSelection.CopyTags(order), account, cancellationToken);
            return IdOf(copy);
        }
        catch (AwsServiceException ex) when (RdsSelection.IsCode(ex.ErrorCode, AlreadyExistsCode))
        {
            return await AdoptExistingAsync(order, account, ex, cancellationToken);
        }
    }

    protected abstract string IdOf(TSnapshot snapshot);

    /// <summary>The describe operation's name (for an error about a source that is gone).</summary>
    protected abstract string DescribeOperation { get; }

    /// <summary>An earlier run made this copy already (AWS refused the duplicate identifier): return it when it is ours.</summary>
    private async Task<string> AdoptExistingAsync(CopyOrder order, string account, AwsServiceException refusal, CancellationToken cancellationToken)
    {
        var existing = await DescribeOneAsync(order.DestinationRegion, order.TargetName, account, cancellationToken);
        if (existing is null)
        {
            throw refusal;
        }
        var sameOrder = existing.Tags.TryGetValue(OwnershipTags.CopyKey, out var key)
            ? string.Equals(key, order.Key, StringComparison.Ordinal)
            : string.Equals(existing.SourceId, order.Source.Id, StringComparison.Ordinal);
        if (!existing.IsOwned || !sameOrder)
        {
            throw new RdsDriverException(
                RdsDriverException.CopyTargetConflict,
                $"{Kind} {order.TargetName} exists in {order.DestinationRegion} but is not DrService's copy of {order.Source.Id} " +
                $"(owned: {existing.IsOwned}, copy key: {key ?? "none"}).");
        }
        return existing.Id;
    }

    private async Task<string> SourceArnAsync(Artifact source, string account, CancellationToken cancellationToken)
    {
        var described = await DescribeOneAsync(source.Region, source.Id, account, cancellationToken);
        return described?.Arn ?? throw new AwsServiceException(
            "rds", source.Region, DescribeOperation, NotFoundCode, $"{Kind} {source.Id} not found.", null, System.Net.HttpStatusCode.NotFound);
    }
}
