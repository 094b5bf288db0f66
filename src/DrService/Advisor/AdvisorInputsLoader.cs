using System.Globalization;
using DrService.Configuration;
using DrService.Monitoring;
using DrService.Replication;
using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace DrService.Advisor;

/// <summary>
/// Gathers one application's inputs: the copy period (its backup cron), the typical copy time (median of its newest
/// finished copies in the copy history, else the configured estimate), the replica and S3 lags (the replication
/// watch's conditions, else the estimates) and the copies retention keeps.
/// </summary>
public sealed class AdvisorInputsLoader(IDbContextFactory<DrDbContext> contexts, ConditionStore conditions, TimeProvider time)
{
    /// <summary>How many of the newest finished copies the typical copy time is the median of.</summary>
    public const int CopyHistory = 50;

    public async Task<AdvisorInputs> LoadAsync(
        string application, ApplicationOptions app, DrOptions options, ApplicationSizes sizes, IReadOnlyList<MeasuredRecovery> measurements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var period = CopyPeriod(app.Schedule.BackupOr(options.Schedules), options.Schedules.TimeZone, time.GetUtcNow());
        var advisor = options.Advisor;
        var copyTime = await CopyTimeAsync(application, advisor.CopyTimeEstimate, cancellationToken);
        var observed = await conditions.ListAsync(application, cancellationToken);
        var replicaLag = Lag(observed, [ReplicationConditionTypes.ReplicaLagWithinRpo, ReplicationConditionTypes.GlobalLagWithinRpo], advisor.ReplicaLagEstimate);
        var bucketLag = Lag(observed, [ReplicationConditionTypes.LagWithinRpo], advisor.BucketLagEstimate);
        var retained = options.Pricing.RetainedCopies ?? RetainedCopies(app.Retention.ApplyTo(options.Retention), period);
        return new AdvisorInputs(application, app, sizes, period, copyTime, replicaLag, bucketLag, retained, measurements);
    }

    /// <summary>The time between two fires of the backup cron after <paramref name="now"/> (a day when it cannot be read).</summary>
    public static TimeSpan CopyPeriod(string cron, string timeZone, DateTimeOffset now)
    {
        if (!CronExpression.TryParse(cron, out var expression) || expression is null)
        {
            return TimeSpan.FromDays(1);
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            expression = expression.WithTimeZone(zone);
        }
        var first = expression.GetNextValidTimeAfter(now);
        var second = first is { } f ? expression.GetNextValidTimeAfter(f) : null;
        return first is { } a && second is { } b ? b - a : TimeSpan.FromDays(1);
    }

    /// <summary>
    /// An upper-bound approximation of the copies retention keeps per resource: the most of KeepLast, MinimumKeep,
    /// Daily and the copies made within KeepFor, plus the Weekly and Monthly ones (counted as distinct).
    /// </summary>
    public static int RetainedCopies(RetentionOptions retention, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(retention);
        var window = period > TimeSpan.Zero ? (int)Math.Ceiling(retention.KeepFor / period) : 0;
        return Math.Max(Math.Max(retention.KeepLast, retention.MinimumKeep), Math.Max(retention.Daily, window)) + retention.Weekly + retention.Monthly;
    }

    private async Task<SourcedDuration> CopyTimeAsync(string application, TimeSpan estimate, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var finished = await db.Copies.AsNoTracking()
            .Where(c => c.Application == application && c.Phase == Phase.Succeeded && c.IssuedAt != null && c.CompletedAt != null)
            .OrderByDescending(c => c.Id).Take(CopyHistory)
            .Select(c => new { c.IssuedAt, c.CompletedAt })
            .ToListAsync(cancellationToken);
        if (finished.Count == 0)
        {
            return new SourcedDuration(estimate, "estimate (no finished copy in the history)");
        }
        var durations = finished.Select(c => c.CompletedAt!.Value - c.IssuedAt!.Value).Order().ToList();
        var median = durations[durations.Count / 2];
        return new SourcedDuration(median < TimeSpan.Zero ? TimeSpan.Zero : median,
            string.Create(CultureInfo.InvariantCulture, $"median of the newest {finished.Count} copies"));
    }

    private static SourcedDuration Lag(IReadOnlyList<ConditionRecord> observed, string[] types, TimeSpan estimate)
    {
        var values = observed.Where(c => types.Contains(c.Type, StringComparer.Ordinal) && c.Value is >= 0).ToList();
        if (values.Count == 0)
        {
            return new SourcedDuration(estimate, "estimate (not measured by the replication watch)");
        }
        var worst = values.MaxBy(c => c.Value)!;
        return new SourcedDuration(TimeSpan.FromSeconds(worst.Value!.Value),
            $"measured by the replication watch ({worst.Subject} at {worst.ObservedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)})");
    }
}
