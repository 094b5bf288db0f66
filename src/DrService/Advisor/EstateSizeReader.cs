using DrService.Aws;
using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Replication;
using DrService.Telemetry;

namespace DrService.Advisor;

/// <summary>
/// Reads the sizes the advisor prices, batched: per account, one listing per kind of DR copy (the backup drivers'
/// owned-copy listings: EBS snapshots, AMIs, DB snapshots) and one DescribeDBInstances in the DR region (replicas);
/// per source region one DescribeInstances, one DescribeVolumes, one DescribeDBInstances and one GetMetricData for
/// every bucket. Each listing is made only when some application needs it; the number of calls does not grow with
/// the number of resources (only with their pages). A listing that fails leaves a warning, not an error.
/// </summary>
public sealed partial class EstateSizeReader(
    IEnumerable<IArtifactDriver> drivers,
    IAwsClientFactory aws,
    IRdsClient rds,
    ICloudWatchClient cloudWatch,
    TimeProvider time)
{
    private static readonly ArtifactKind[] CopyKinds = [ArtifactKind.EbsSnapshot, ArtifactKind.Image, ArtifactKind.DbSnapshot];

    public async Task<IReadOnlyDictionary<string, ApplicationSizes>> ReadAsync(DrOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var activity = DrTelemetry.Source.StartActivity("Advisor.Sizes");
        var result = new Dictionary<string, ApplicationSizes>(StringComparer.Ordinal);
        foreach (var account in options.Applications.GroupBy(a => a.Value.Account, StringComparer.Ordinal))
        {
            var warnings = new List<string>();
            var dr = options.Regions.Dr;
            var copies = await NewestCopiesAsync(dr, account.Key, warnings, cancellationToken);
            var drDatabases = account.Any(a => a.Value.Resources.ReadReplicas.Count > 0)
                ? await TryAsync(() => rds.DescribeDBInstancesAsync(dr, null, account.Key, cancellationToken), "rds", dr, "DescribeDBInstances", warnings)
                : [];
            foreach (var region in account.GroupBy(a => a.Value.SourceRegionOr(options.Regions), StringComparer.Ordinal))
            {
                var apps = region.ToList();
                var source = await ReadSourceAsync(region.Key, account.Key, apps.Select(a => a.Value).ToList(), warnings, cancellationToken);
                foreach (var (name, app) in apps)
                {
                    result[name] = Assemble(name, app, source, copies, drDatabases, [.. warnings]);
                }
            }
        }
        activity?.SetTag("dr.applications", result.Count);
        return result;
    }

    /// <summary>The newest usable DR copy per (application, kind, resource), from one owned-copy listing per kind.</summary>
    private async Task<Dictionary<(string App, ArtifactKind Kind, string Resource), Artifact>> NewestCopiesAsync(
        string region, string account, List<string> warnings, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<(string, ArtifactKind, string), Artifact>();
        foreach (var driver in drivers.Where(d => CopyKinds.Contains(d.Kind)))
        {
            var copies = await TryAsync(() => driver.ListCopiesAsync(region, null, account, cancellationToken), driver.Kind.ToString(), region, "ListCopies", warnings);
            foreach (var copy in copies.Where(c => c.State == ArtifactState.Available && c.Application is not null && c.SizeGiB is not null))
            {
                var key = (copy.Application!, copy.Kind, copy.ResourceId);
                if (!newest.TryGetValue(key, out var known) || copy.SourceCreatedAt > known.SourceCreatedAt)
                {
                    newest[key] = copy;
                }
            }
        }
        return newest;
    }

    private static async Task<IReadOnlyList<T>> TryAsync<T>(Func<Task<IReadOnlyList<T>>> call, string service, string region, string operation, List<string> warnings)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (AwsFailure.IsAws(ex))
        {
            var failure = AwsFailure.From(ex, service, region, operation);
            warnings.Add($"{operation} ({service}) in {region} failed: {failure.Code}: {failure.Message}");
            return [];
        }
    }
}
