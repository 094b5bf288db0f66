using Amazon.Runtime;
using DrService.Aws;
using DrService.Aws.Errors;
using DrService.Aws.Rds;
using DrService.Backups.Drivers;
using DrService.Backups.Model;
using DrService.Configuration;
using Microsoft.Extensions.Options;

namespace DrService.Runbooks.Inventory;

/// <summary>
/// Resolves an application's recovery inventory: every resource its configuration selects (ids and tags), read in its
/// source region with one paginated listing per kind (never one call per resource), each paired with the newest
/// available DR copy (one listing per kind in the DR region), plus the problems knowable before a start.
/// <para>
/// Static stability: a failover must work with the primary region dark. When the source region cannot be read for a
/// kind, that kind's items come from the DR copies' ownership tags (<c>dr:resource-id</c> and what the copy carries),
/// with a warning naming the AWS error; facts only the source knows (a volume's attachment) are then absent.
/// </para>
/// </summary>
public sealed partial class RecoveryInventoryResolver(
    IAwsClientFactory aws,
    IRdsClient rds,
    IEnumerable<IArtifactDriver> drivers,
    IOptionsMonitor<DrOptions> options,
    TimeProvider time)
{
    private readonly IReadOnlyList<IArtifactDriver> _drivers = [.. drivers];

    public async Task<RecoveryInventory> ResolveAsync(string application, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (!current.Applications.TryGetValue(application, out var app))
        {
            throw new KeyNotFoundException($"No application '{application}'.");
        }
        var run = new Resolution(application, app, current, app.SourceRegionOr(current.Regions), current.Regions.Dr, app.Account);
        // Source-region reads share one budget: an impaired primary (slow, not dark) must not hold a failover's start.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(current.Runbooks.SourceReadBudget);
        run.SourceToken = budget.Token;
        await ComputeAsync(run, cancellationToken);
        run.Kind = RecoveryInventory.Databases;
        await DatabasesAsync(run, cancellationToken);
        run.Kind = RecoveryInventory.Clusters;
        await ClustersAsync(run, cancellationToken);
        run.Kind = RecoveryInventory.Replicas;
        await ReplicasAsync(run, cancellationToken);
        run.Kind = RecoveryInventory.GlobalClusters;
        await GlobalClustersAsync(run, cancellationToken);
        run.Kind = null;
        Configured(run);
        await ChecksAsync(run, cancellationToken);
        return new RecoveryInventory(application, time.GetUtcNow(), run.Items, run.EmptyReasons, run.Problems);
    }

    /// <summary>The newest available DR copy per protected resource (<c>dr:resource-id</c>) of one kind, in one listing.</summary>
    private async Task<Dictionary<string, Artifact>> NewestCopiesAsync(Resolution run, ArtifactKind kind, CancellationToken cancellationToken)
    {
        var driver = _drivers.FirstOrDefault(d => d.Kind == kind) ?? throw new InvalidOperationException($"No driver for {kind}.");
        IReadOnlyList<Artifact> copies;
        try
        {
            copies = await driver.ListCopiesAsync(run.Dr, run.Name, run.Account, cancellationToken);
        }
        catch (Exception ex) when (IsAwsFailure(ex))
        {
            run.Problem(ProblemSeverity.Error, null, $"{run.Key}:Resources", $"the DR region {run.Dr} could not list the {kind.ResourceNoun()} copies: {Describe(ex)}");
            return new Dictionary<string, Artifact>(StringComparer.Ordinal);
        }
        return copies
            .Where(c => c.State == ArtifactState.Available && c.Tags.ContainsKey(OwnershipTags.SourceId))
            .GroupBy(c => c.Tags.GetValueOrDefault(OwnershipTags.ResourceId) ?? c.ResourceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.SourceCreatedAt).ThenByDescending(c => c.CreatedAt).First(), StringComparer.Ordinal);
    }

    private static bool IsAwsFailure(Exception ex) =>
        ex is AwsRegionUnavailableException or AwsServiceException or AmazonServiceException or HttpRequestException or AmazonClientException;

    /// <summary>A source-region read that failed, or ran out of the read budget (not the caller's cancellation).</summary>
    private static bool IsSourceFailure(Exception ex, CancellationToken caller) =>
        IsAwsFailure(ex) || (ex is OperationCanceledException && !caller.IsCancellationRequested);

    private static string Describe(Exception ex) => ex switch
    {
        AwsServiceException aws => $"{aws.ErrorCode}: {aws.Message}",
        AmazonServiceException sdk => $"{sdk.ErrorCode}: {sdk.Message}",
        AwsRegionUnavailableException dark => $"RegionUnavailable: {dark.Message}",
        OperationCanceledException => "Timeout: no answer within Runbooks:SourceReadBudget",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What one resolution collects.</summary>
    private sealed class Resolution(string name, ApplicationOptions app, DrOptions options, string source, string dr, string account)
    {
        public string Name { get; } = name;

        public ApplicationOptions App { get; } = app;

        public DrOptions Options { get; } = options;

        public string Source { get; } = source;

        public string Dr { get; } = dr;

        public string Account { get; } = account;

        /// <summary>The token of source-region reads: the caller's, cut at Runbooks:SourceReadBudget.</summary>
        public CancellationToken SourceToken { get; set; }

        /// <summary>The application's configuration path.</summary>
        public string Key => $"DrService:Applications:{Name}";

        public List<InventoryItem> Items { get; } = [];

        public Dictionary<string, string> EmptyReasons { get; } = new(StringComparer.Ordinal);

        public List<RecoveryProblem> Problems { get; } = [];

        /// <summary>The kind being resolved: problems found meanwhile concern it (null: the application as a whole).</summary>
        public string? Kind { get; set; }

        public void Problem(ProblemSeverity severity, string? item, string key, string message) =>
            Problems.Add(new(severity, Name, item, key, message) { Kind = Kind });

        public void Empty(string kind, string reason) => EmptyReasons[kind] = reason;
    }
}
