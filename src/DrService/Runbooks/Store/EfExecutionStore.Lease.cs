using Microsoft.EntityFrameworkCore;

namespace DrService.Runbooks.Store;

public sealed partial class EfExecutionStore
{
    /// <summary>One conditional UPDATE: taken when free, expired, or already this owner's (a renewal).</summary>
    public async Task<bool> TryAcquireLeaseAsync(string executionId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset? expires = now + duration;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.RunbookExecutions
            .Where(r => r.Id == executionId && (r.LeaseOwner == null || r.LeaseExpiresAt == null || r.LeaseExpiresAt <= now || r.LeaseOwner == owner))
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(r => r.LeaseOwner, owner);
                s.SetProperty(r => r.LeaseExpiresAt, expires);
            }, cancellationToken);
        return updated == 1;
    }

    public async Task ReleaseLeaseAsync(string executionId, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RunbookExecutions
            .Where(r => r.Id == executionId && r.LeaseOwner == owner)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(r => r.LeaseOwner, (string?)null);
                s.SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null);
            }, cancellationToken);
    }
}
