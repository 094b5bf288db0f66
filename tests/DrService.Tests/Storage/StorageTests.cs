using Microsoft.AspNetCore.DataProtection;
using DrService.Runbooks.Lifecycle;
using DrService.Storage;
using DrService.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Storage;

/// <summary>The storage contract, run once per provider (see the subclasses at the end of the file).</summary>
public abstract class StorageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 21, 4, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    private protected abstract Task<TestDatabase> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateEmptyDatabaseAsync();
        _services = _database.BuildServices(_time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task MigrateDrDatabaseAsync_EmptyDatabase_AppliesEveryMigrationAndSecondRunIsNoOp()
    {
        await _services.MigrateDrDatabaseAsync();
        await using (var db = await CreateContextAsync())
        {
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            db.JobRuns.Add(Run("backup-20261128210000"));
            db.Audit.Add(Audit("schedule.add"));
            await db.SaveChangesAsync();
        }

        await _services.MigrateDrDatabaseAsync();

        await using var after = await CreateContextAsync();
        Assert.Equal(after.Database.GetMigrations(), await after.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());
        Assert.Equal("backup-20261128210000", (await after.JobRuns.SingleAsync()).Key);
        Assert.Equal("schedule.add", (await after.Audit.SingleAsync()).Action);
    }

    [Fact]
    public async Task SaveChangesAsync_SecondRunWithSameKey_ThrowsDbUpdateException()
    {
        await _services.MigrateDrDatabaseAsync();
        await using (var db = await CreateContextAsync())
        {
            db.JobRuns.Add(Run("backup-20261128210000"));
            await db.SaveChangesAsync();
        }

        await using var second = await CreateContextAsync();
        second.JobRuns.Add(Run("backup-20261128210000", Phase.Running));
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        await using var check = await CreateContextAsync();
        Assert.Equal(Phase.Succeeded, (await check.JobRuns.SingleAsync()).Phase);
    }

    [Fact]
    public async Task RecordAsync_Entry_RoundTripsEveryFieldWithClockTimeInUtc()
    {
        await _services.MigrateDrDatabaseAsync();
        var at = Now.AddTicks(1_234_567); // sub-millisecond: stored as ticks, nothing is rounded
        _time.SetUtcNow(at);
        var audit = _services.GetRequiredService<IAuditLog>();

        await audit.RecordAsync(new AuditEntry("alice", "backup.copy", "failed", "orders", "arn:aws:ec2:us-east-1::snapshot/snap-1", "AccessDenied"), CancellationToken.None);

        await using var db = await CreateContextAsync();
        var record = await db.Audit.SingleAsync();
        Assert.Equal(at, record.At);
        Assert.Equal(TimeSpan.Zero, record.At.Offset);
        Assert.Equal(
            ("alice", "backup.copy", "failed", "orders", "arn:aws:ec2:us-east-1::snapshot/snap-1", "AccessDenied"),
            (record.Actor, record.Action, record.Result, record.Application, record.Target, record.Details));
    }

    [Fact]
    public async Task MarkIssuedAsync_WithAuditEntry_CheckpointAndAuditRecordCommitTogether()
    {
        await _services.MigrateDrDatabaseAsync();
        var store = await StoreWithOpenCopyAsync();

        await store.MarkIssuedAsync("orders/snap-1", "snap-copy-1", CancellationToken.None,
            new AuditEntry("system:backup", "backup.copy", "succeeded", "orders", "snap-1 -> snap-copy-1"));

        await using var db = await CreateContextAsync();
        var copy = await db.Copies.SingleAsync();
        Assert.Equal(("snap-copy-1", Phase.WaitingForAws), (copy.CopyId, copy.Phase));
        Assert.Equal("snap-1 -> snap-copy-1", (await db.Audit.SingleAsync()).Target);
    }

    [Fact]
    public async Task MarkIssuedAsync_AuditRecordRefusedByTheDatabase_CheckpointIsNotCommittedEither()
    {
        // The fault suite's database restart lost the audit record of a copy whose checkpoint had committed; nothing
        // ever wrote it afterwards. One transaction means the checkpoint stays open instead, and crash recovery (which
        // audits copies found without a checkpoint) writes the record.
        await _services.MigrateDrDatabaseAsync();
        var store = await StoreWithOpenCopyAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => store.MarkIssuedAsync("orders/snap-1", "snap-copy-1", CancellationToken.None,
            new AuditEntry(null!, "backup.copy", "succeeded", "orders", "snap-1 -> snap-copy-1")));

        await using var db = await CreateContextAsync();
        var copy = await db.Copies.SingleAsync();
        Assert.Equal((null, Phase.Running), (copy.CopyId, copy.Phase));
        Assert.Empty(await db.Audit.ToListAsync());
    }

    [Fact]
    public async Task DataProtection_PayloadProtectedByOneInstance_IsReadByAnotherOnTheSameDatabase()
    {
        // Two tasks behind the load balancer: a dashboard cookie issued by one must be read by the other.
        await _services.MigrateDrDatabaseAsync();
        await using var first = _database.BuildServices(_time, DrService.Api.Auth.AuthServiceCollectionExtensions.AddSharedKeyRing);
        await using var second = _database.BuildServices(_time, DrService.Api.Auth.AuthServiceCollectionExtensions.AddSharedKeyRing);
        const string Purpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";

        var cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("alice:operator");

        Assert.Equal("alice:operator", second.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(cookie));
        await using var db = await CreateContextAsync();
        Assert.Single(await db.DataProtectionKeys.ToListAsync());
    }

    private async Task<DrService.Backups.State.BackupStore> StoreWithOpenCopyAsync()
    {
        await using (var db = await CreateContextAsync())
        {
            db.Copies.Add(new DrService.Backups.State.CopyRecord
            {
                Key = "orders/snap-1",
                Application = "orders",
                ResourceId = "vol-1",
                SourceRegion = "us-east-1",
                SourceId = "snap-1",
                SourceCreatedAt = Now,
                DestinationRegion = "us-west-2",
                TargetName = "dr-orders-vol-1",
                Phase = Phase.Running,
                RecordedAt = Now,
            });
            await db.SaveChangesAsync();
        }
        return new DrService.Backups.State.BackupStore(_services.GetRequiredService<IDbContextFactory<DrDbContext>>(), _time);
    }

    [Fact]
    public async Task SaveChangesAsync_TimesWithAnOffset_ReadBackAsTheSameInstantInUtc()
    {
        await _services.MigrateDrDatabaseAsync();
        var paris = new DateTimeOffset(2026, 11, 28, 22, 4, 5, TimeSpan.FromHours(1));
        await using (var db = await CreateContextAsync())
        {
            var audit = Audit("schedule.add");
            audit.At = paris;
            db.Audit.Add(audit);
            var run = Run("backup-20261128210405");
            run.ScheduledAt = paris;
            run.StartedAt = paris.AddMinutes(1);
            db.JobRuns.Add(run);
            await db.SaveChangesAsync();
        }

        await using var check = await CreateContextAsync();
        var record = await check.Audit.SingleAsync();
        var stored = await check.JobRuns.SingleAsync();
        Assert.Equal((paris.UtcDateTime, TimeSpan.Zero), (record.At.UtcDateTime, record.At.Offset));
        Assert.Equal((paris.UtcDateTime, TimeSpan.Zero), (stored.ScheduledAt.UtcDateTime, stored.ScheduledAt.Offset));
        Assert.Equal(paris.AddMinutes(1), stored.StartedAt);
        Assert.Null(stored.EndedAt);
    }

    [Theory]
    [InlineData("update")]
    [InlineData("delete")]
    public async Task ExecuteSql_EditAuditRecordBehindEfsBack_TheDatabaseRefusesAndKeepsIt(string edit)
    {
        await _services.MigrateDrDatabaseAsync();
        await using (var db = await CreateContextAsync())
        {
            db.Audit.Add(Audit("schedule.add"));
            await db.SaveChangesAsync();
        }

        await using (var db = await CreateContextAsync())
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => edit == "update"
                ? db.Audit.ExecuteUpdateAsync(s => s.SetProperty(a => a.Result, "forged"))
                : db.Audit.ExecuteDeleteAsync());
            Assert.Contains("audit_log is append-only", ex.ToString(), StringComparison.Ordinal);
        }

        await using var check = await CreateContextAsync();
        Assert.Equal("succeeded", (await check.Audit.SingleAsync()).Result);
    }

    [Theory]
    [InlineData(EntityState.Modified, false)]
    [InlineData(EntityState.Modified, true)]
    [InlineData(EntityState.Deleted, false)]
    [InlineData(EntityState.Deleted, true)]
    public async Task SaveChanges_EditedAuditRecord_ThrowsAppendOnlyAndLeavesItUnchanged(EntityState edit, bool async)
    {
        await _services.MigrateDrDatabaseAsync();
        await using (var db = await CreateContextAsync())
        {
            db.Audit.Add(Audit("schedule.add"));
            await db.SaveChangesAsync();
        }

        await using (var db = await CreateContextAsync())
        {
            var record = await db.Audit.SingleAsync();
            if (edit == EntityState.Modified)
            {
                record.Result = "forged";
            }
            else
            {
                db.Audit.Remove(record);
            }

            var ex = async
                ? await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync())
                : Assert.Throws<InvalidOperationException>(() => db.SaveChanges());

            Assert.Contains("the audit log is append-only", ex.Message, StringComparison.Ordinal);
            Assert.Contains(edit == EntityState.Modified ? "cannot be modified" : "cannot be deleted", ex.Message, StringComparison.Ordinal);
        }

        await using var check = await CreateContextAsync();
        Assert.Equal("succeeded", (await check.Audit.SingleAsync()).Result);
    }

    [Fact]
    public async Task CheckHealthAsync_BeforeAndAfterMigration_UnhealthyNamingPendingMigrationsThenHealthy()
    {
        var health = _services.GetRequiredService<HealthCheckService>();
        string[] migrations;
        await using (var db = await CreateContextAsync())
        {
            migrations = [.. db.Database.GetMigrations()];
        }

        var before = (await health.CheckHealthAsync(r => r.Name == "database")).Entries["database"];
        await _services.MigrateDrDatabaseAsync();
        var after = (await health.CheckHealthAsync(r => r.Name == "database")).Entries["database"];

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains($"{migrations.Length} pending migration(s)", before.Description, StringComparison.Ordinal);
        Assert.All(migrations, m => Assert.Contains(m, before.Description, StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Contains("schema current", after.Description, StringComparison.Ordinal);
    }

    private async Task<DrDbContext> CreateContextAsync() =>
        await _services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();

    private static JobRunRecord Run(string key, Phase phase = Phase.Succeeded) => new()
    {
        Key = key,
        Job = "backup",
        Application = "orders",
        Trigger = RunTrigger.Scheduled,
        Phase = phase,
        ScheduledAt = Now,
    };

    private static AuditRecord Audit(string action) => new()
    {
        At = Now,
        Actor = "system:config",
        Action = action,
        Result = "succeeded",
        Target = "backup-orders",
    };
}

public sealed class SqliteStorageTests : StorageTests
{
    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgresStorageTests(PostgresFixture postgres) : StorageTests
{
    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => TestDatabase.PostgresAsync(postgres.Server);
}
