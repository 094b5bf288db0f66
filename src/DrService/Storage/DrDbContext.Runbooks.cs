using DrService.Runbooks.Store;
using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>
/// The runbook feature's tables: executions, their append-only journal, and drill reports. Column names are
/// snake_case because the store writes some statements by hand (the journal's sequence, the lease).
/// </summary>
public partial class DrDbContext
{
    public DbSet<RunbookExecutionRecord> RunbookExecutions => Set<RunbookExecutionRecord>();

    public DbSet<RunbookJournalRecord> RunbookJournal => Set<RunbookJournalRecord>();

    public DbSet<DrillReportRecord> DrillReports => Set<DrillReportRecord>();

    private static void OnRunbooksModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RunbookExecutionRecord>(e =>
        {
            e.ToTable("runbook_executions");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id").HasMaxLength(64);
            e.Property(r => r.RunbookId).HasColumnName("runbook_id").HasMaxLength(100);
            e.Property(r => r.Application).HasColumnName("application").HasMaxLength(100);
            e.Property(r => r.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Mode).HasColumnName("mode").HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Phase).HasColumnName("phase").HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Definition).HasColumnName("definition");
            e.Property(r => r.Parameters).HasColumnName("parameters");
            e.Property(r => r.RequestedBy).HasColumnName("requested_by").HasMaxLength(200);
            e.Property(r => r.RequestKey).HasColumnName("request_key").HasMaxLength(300);
            e.Property(r => r.WaiveApprovals).HasColumnName("waive_approvals");
            e.Property(r => r.CreatedAt).HasColumnName("created_at").HasConversion(TimeConverters.Utc);
            e.Property(r => r.StartedAt).HasColumnName("started_at").HasConversion(TimeConverters.NullableUtc);
            e.Property(r => r.EndedAt).HasColumnName("ended_at").HasConversion(TimeConverters.NullableUtc);
            e.Property(r => r.UpdatedAt).HasColumnName("updated_at").HasConversion(TimeConverters.Utc);
            e.Property(r => r.Error).HasColumnName("error");
            e.Property(r => r.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(200);
            e.Property(r => r.LeaseExpiresAt).HasColumnName("lease_expires_at").HasConversion(TimeConverters.NullableUtc);
            e.Property(r => r.ExclusiveSlot).HasColumnName("exclusive_slot").HasMaxLength(100);
            e.HasIndex(r => r.RequestKey).IsUnique().HasDatabaseName("ux_runbook_executions_request_key");
            e.HasIndex(r => r.ExclusiveSlot).IsUnique().HasDatabaseName("ux_runbook_executions_exclusive_slot");
            e.HasIndex(r => r.Phase).HasDatabaseName("ix_runbook_executions_phase");
            e.HasIndex(r => new { r.Application, r.CreatedAt }).HasDatabaseName("ix_runbook_executions_application_created_at");
        });
        modelBuilder.Entity<RunbookJournalRecord>(j =>
        {
            j.ToTable("runbook_journal");
            j.HasKey(r => r.Id);
            j.Property(r => r.Id).HasColumnName("id");
            j.Property(r => r.ExecutionId).HasColumnName("execution_id").HasMaxLength(64);
            j.Property(r => r.Sequence).HasColumnName("sequence");
            j.Property(r => r.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(40);
            j.Property(r => r.At).HasColumnName("at").HasConversion(TimeConverters.Utc);
            // A fan-out step's copy is "STEP:ITEMKEY": a template id (up to 100) and an item key as long as a DNS name (255).
            j.Property(r => r.StepId).HasColumnName("step_id").HasMaxLength(400);
            j.Property(r => r.Attempt).HasColumnName("attempt");
            j.Property(r => r.Actor).HasColumnName("actor").HasMaxLength(200);
            j.Property(r => r.Data).HasColumnName("data");
            j.Property(r => r.Code).HasColumnName("code").HasMaxLength(200);
            j.Property(r => r.Message).HasColumnName("message");
            j.HasIndex(r => new { r.ExecutionId, r.Sequence }).IsUnique().HasDatabaseName("ux_runbook_journal_execution_sequence");
            j.HasOne<RunbookExecutionRecord>().WithMany().HasForeignKey(r => r.ExecutionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DrillReportRecord>(d =>
        {
            d.ToTable("drill_reports");
            d.HasKey(r => r.ExecutionId);
            d.Property(r => r.ExecutionId).HasColumnName("execution_id").HasMaxLength(64);
            d.Property(r => r.Application).HasColumnName("application").HasMaxLength(100);
            d.Property(r => r.RunbookId).HasColumnName("runbook_id").HasMaxLength(100);
            d.Property(r => r.Tier).HasColumnName("tier").HasMaxLength(20);
            d.Property(r => r.EndedAt).HasColumnName("ended_at").HasConversion(TimeConverters.Utc);
            d.Property(r => r.RtoSeconds).HasColumnName("rto_seconds");
            d.Property(r => r.RpoSeconds).HasColumnName("rpo_seconds");
            d.Property(r => r.Report).HasColumnName("report");
            d.HasIndex(r => new { r.Application, r.EndedAt }).HasDatabaseName("ix_drill_reports_application_ended_at");
        });
    }
}
