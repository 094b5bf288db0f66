using DrService.Backups.State;
using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>
/// The service's own state. One model, two providers: SQLite by default and PostgreSQL for clustered deployments;
/// each provider has its own migrations (see <see cref="SqliteDrDbContext"/>, <see cref="PostgresDrDbContext"/>).
/// </summary>
public partial class DrDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<JobRunRecord> JobRuns => Set<JobRunRecord>();

    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    public DbSet<CopyRecord> Copies => Set<CopyRecord>();

    public DbSet<ResourceStatusRecord> ResourceStatus => Set<ResourceStatusRecord>();

    public DbSet<RpoSampleRecord> RpoSamples => Set<RpoSampleRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<JobRunRecord>(run =>
        {
            run.ToTable("job_runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Key).HasMaxLength(200);
            run.HasIndex(r => r.Key).IsUnique();
            run.Property(r => r.Job).HasMaxLength(100);
            run.Property(r => r.Application).HasMaxLength(100);
            run.Property(r => r.Instance).HasMaxLength(200);
            run.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(20);
            run.Property(r => r.Phase).HasConversion<string>().HasMaxLength(20);
            run.Property(r => r.ScheduledAt).HasConversion(TimeConverters.Utc);
            run.Property(r => r.StartedAt).HasConversion(TimeConverters.NullableUtc);
            run.Property(r => r.EndedAt).HasConversion(TimeConverters.NullableUtc);
            run.HasIndex(r => new { r.Job, r.ScheduledAt });
            run.HasIndex(r => r.Phase);
        });
        modelBuilder.Entity<AuditRecord>(audit =>
        {
            audit.ToTable("audit_log");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.At).HasConversion(TimeConverters.Utc);
            audit.Property(a => a.Actor).HasMaxLength(200);
            audit.Property(a => a.Action).HasMaxLength(100);
            audit.Property(a => a.Application).HasMaxLength(100);
            audit.Property(a => a.Target).HasMaxLength(500);
            audit.Property(a => a.Result).HasMaxLength(50);
            audit.HasIndex(a => a.At);
            audit.HasIndex(a => new { a.Application, a.At });
        });
        OnBackupsModelCreating(modelBuilder);
        OnMonitoringModelCreating(modelBuilder);
        OnRunbooksModelCreating(modelBuilder);
        OnAuthModelCreating(modelBuilder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditEdits();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditEdits();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void RefuseAuditEdits()
    {
        var edited = ChangeTracker.Entries<AuditRecord>()
            .FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (edited is not null)
        {
            throw new InvalidOperationException($"Audit record {edited.Entity.Id} cannot be {edited.State.ToString().ToLowerInvariant()}: the audit log is append-only.");
        }
    }
}

/// <summary>The SQLite flavour (own migrations).</summary>
public sealed class SqliteDrDbContext(DbContextOptions<SqliteDrDbContext> options) : DrDbContext(options);

/// <summary>The PostgreSQL flavour (own migrations).</summary>
public sealed class PostgresDrDbContext(DbContextOptions<PostgresDrDbContext> options) : DrDbContext(options);
