using DrService.Backups.Drivers;
using DrService.Backups.Engine;
using DrService.Backups.Model;
using DrService.Configuration;
using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using DrService.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static DrService.Tests.Backups.Engine.EngineTestHost;

namespace DrService.Tests.Backups.Engine;

/// <summary>
/// A copy AWS fails asynchronously (state failed) must not block its source: the next attempt has its own name and
/// ClientToken, and the failed copy is deleted once superseded. moto never fails a copy, so a decorator around the real
/// RDS driver (on moto) reports the first copy as failed in every Describe and listing.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class BackupCycleFailedCopyTests(MotoFixture moto) : EngineTestBase(moto)
{
    [Fact]
    public async Task RunAsync_CopyFailedByAws_NextCycleMakesANewAttemptAndDeletesTheFailedCopy()
    {
        var app = EngineEstate.Unique("failed");
        var db = await Estate.DbInstanceAsync();
        var source = await Estate.DbSnapshotAsync(db);
        Host.AddApplication(app, r => EngineEstate.Select(r, ArtifactKind.DbSnapshot, db));
        var failing = new FailingDriver(Host.Driver(ArtifactKind.DbSnapshot)) { FailNextCopy = true };
        var cycle = CycleWith(failing);

        var first = await cycle.RunAsync(app, Context(app), default);
        var failedId = Assert.Single(failing.Failed);
        Assert.Equal("CopyFailed", Assert.Single(first.Failures).Code);
        // Not superseded yet (and the resource failed this cycle): kept, it is what the next attempt counts from.
        Assert.Equal([failedId], (await Host.CopiesAsync(ArtifactKind.DbSnapshot, app)).Select(c => c.Id));

        var second = await cycle.RunAsync(app, Context(app), default);

        Assert.Empty(second.Failures);
        var copy = Assert.Single(await Host.CopiesAsync(ArtifactKind.DbSnapshot, app));
        Assert.NotEqual(failedId, copy.Id);
        Assert.Equal((source, 1), (copy.SourceId, copy.CopyAttempt));
        Assert.EndsWith("-a1", copy.Id, StringComparison.Ordinal);
        var record = Assert.Single(await Host.CopyRecordsAsync(app));
        Assert.Equal((Phase.Succeeded, copy.Id), (record.Phase, record.CopyId));
        Assert.Single(await AuditAsync(app), a => a.Action == "backup.copy.delete-failed" && a.Result == "succeeded" && a.Target == failedId);
    }

    private BackupCycle CycleWith(IArtifactDriver driver)
    {
        IEnumerable<IArtifactDriver> drivers = [.. Host.Services.GetServices<IArtifactDriver>().Where(d => d.Kind != driver.Kind), driver];
        return ActivatorUtilities.CreateInstance<BackupCycle>(Host.Services, drivers);
    }

    private async Task<List<AuditRecord>> AuditAsync(string app)
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
        return await db.Audit.Where(a => a.Application == app).ToListAsync();
    }

    /// <summary>The real driver, except that the copy made while <see cref="FailNextCopy"/> is reported failed from then on.</summary>
    private sealed class FailingDriver(IArtifactDriver inner) : IArtifactDriver
    {
        public bool FailNextCopy { get; set; }

        public HashSet<string> Failed { get; } = new(StringComparer.Ordinal);

        public ArtifactKind Kind => inner.Kind;

        public async Task<string> StartCopyAsync(CopyOrder order, string account, CancellationToken cancellationToken)
        {
            var id = await inner.StartCopyAsync(order, account, cancellationToken);
            if (FailNextCopy)
            {
                Failed.Add(id);
                FailNextCopy = false;
            }
            return id;
        }

        public async Task<IReadOnlyList<Artifact>> DescribeAsync(string region, IReadOnlyCollection<string> ids, string account, CancellationToken cancellationToken) =>
            Mark(await inner.DescribeAsync(region, ids, account, cancellationToken));

        public async Task<IReadOnlyList<Artifact>> ListCopiesAsync(string region, string? application, string account, CancellationToken cancellationToken) =>
            Mark(await inner.ListCopiesAsync(region, application, account, cancellationToken));

        public Task<IReadOnlyList<ProtectedResource>> DiscoverAsync(string application, string region, ResourceSelector selector, string account, CancellationToken cancellationToken) =>
            inner.DiscoverAsync(application, region, selector, account, cancellationToken);

        public Task<IReadOnlyList<Artifact>> ListSourceArtifactsAsync(string region, IReadOnlyCollection<string> resourceIds, string account, CancellationToken cancellationToken) =>
            inner.ListSourceArtifactsAsync(region, resourceIds, account, cancellationToken);

        public Task<Artifact> CreateSourceArtifactAsync(ProtectedResource resource, string name, IReadOnlyDictionary<string, string> tags, string account, CancellationToken cancellationToken) =>
            inner.CreateSourceArtifactAsync(resource, name, tags, account, cancellationToken);

        public Task DeleteCopyAsync(Artifact copy, string account, CancellationToken cancellationToken) =>
            inner.DeleteCopyAsync(copy, account, cancellationToken);

        private List<Artifact> Mark(IReadOnlyList<Artifact> found) =>
            [.. found.Select(a => Failed.Contains(a.Id) ? a with { State = ArtifactState.Failed } : a)];
    }
}
