using DrService.Backups.State;
using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>The backup feature's tables: copy orders (intent and outcome), resource status, RPO history.</summary>
public partial class DrDbContext
{
    private static void OnBackupsModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CopyRecord>(copy =>
        {
            copy.ToTable("backup_copies");
            copy.HasKey(c => c.Id);
            copy.Property(c => c.Key).HasMaxLength(600);
            copy.HasIndex(c => c.Key).IsUnique();
            copy.Property(c => c.Application).HasMaxLength(100);
            copy.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
            copy.Property(c => c.ResourceId).HasMaxLength(300);
            copy.Property(c => c.SourceRegion).HasMaxLength(30);
            copy.Property(c => c.SourceId).HasMaxLength(300);
            copy.Property(c => c.DestinationRegion).HasMaxLength(30);
            copy.Property(c => c.TargetName).HasMaxLength(300);
            copy.Property(c => c.CopyId).HasMaxLength(300);
            copy.Property(c => c.Phase).HasConversion<string>().HasMaxLength(20);
            copy.Property(c => c.ErrorCode).HasMaxLength(200);
            copy.Property(c => c.RunKey).HasMaxLength(200);
            copy.Property(c => c.SourceCreatedAt).HasConversion(TimeConverters.Utc);
            copy.Property(c => c.RecordedAt).HasConversion(TimeConverters.Utc);
            copy.Property(c => c.IssuedAt).HasConversion(TimeConverters.NullableUtc);
            copy.Property(c => c.CompletedAt).HasConversion(TimeConverters.NullableUtc);
            copy.HasIndex(c => new { c.Application, c.Phase });
        });
        modelBuilder.Entity<ResourceStatusRecord>(status =>
        {
            status.ToTable("backup_resource_status");
            status.HasKey(r => new { r.Application, r.Kind, r.ResourceId });
            status.Property(r => r.Application).HasMaxLength(100);
            status.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
            status.Property(r => r.ResourceId).HasMaxLength(300);
            status.Property(r => r.Region).HasMaxLength(30);
            status.Property(r => r.NewestCopyId).HasMaxLength(300);
            status.Property(r => r.RpoState).HasConversion<string>().HasMaxLength(20);
            status.Property(r => r.LastErrorCode).HasMaxLength(200);
            status.Property(r => r.NewestCopySourceTime).HasConversion(TimeConverters.NullableUtc);
            status.Property(r => r.CheckedAt).HasConversion(TimeConverters.Utc);
            status.Property(r => r.LastErrorAt).HasConversion(TimeConverters.NullableUtc);
        });
        modelBuilder.Entity<RpoSampleRecord>(sample =>
        {
            sample.ToTable("backup_rpo_samples");
            sample.HasKey(r => r.Id);
            sample.Property(r => r.Application).HasMaxLength(100);
            sample.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
            sample.Property(r => r.ResourceId).HasMaxLength(300);
            sample.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            sample.Property(r => r.At).HasConversion(TimeConverters.Utc);
            sample.HasIndex(r => new { r.Application, r.At });
        });
    }
}
