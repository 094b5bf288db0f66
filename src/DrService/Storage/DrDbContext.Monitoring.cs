using DrService.Alerts;
using DrService.Monitoring;
using DrService.Witness;
using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>The monitoring feature's tables: conditions (and, added by their features, verdicts and alerts).</summary>
public partial class DrDbContext
{
    public DbSet<ConditionRecord> Conditions => Set<ConditionRecord>();

    public DbSet<VerdictRecord> Verdicts => Set<VerdictRecord>();

    public DbSet<AlertRecord> Alerts => Set<AlertRecord>();

    public DbSet<AlertDeliveryRecord> AlertDeliveries => Set<AlertDeliveryRecord>();

    private static void OnMonitoringModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConditionRecord>(c =>
        {
            c.ToTable("conditions");
            c.HasKey(r => new { r.Application, r.Subject, r.Type });
            c.Property(r => r.Application).HasMaxLength(100);
            c.Property(r => r.Subject).HasMaxLength(400);
            c.Property(r => r.Type).HasMaxLength(100);
            c.Property(r => r.Monitor).HasMaxLength(50);
            c.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            c.Property(r => r.Severity).HasConversion<string>().HasMaxLength(20);
            c.Property(r => r.Reason).HasMaxLength(200);
            c.Property(r => r.LastTransitionAt).HasConversion(TimeConverters.Utc);
            c.Property(r => r.ObservedAt).HasConversion(TimeConverters.Utc);
            c.HasIndex(r => r.Monitor);
        });
        modelBuilder.Entity<VerdictRecord>(v =>
        {
            v.ToTable("witness_verdicts");
            v.HasKey(r => r.Id);
            v.Property(r => r.Application).HasMaxLength(100);
            v.Property(r => r.Verdict).HasConversion<string>().HasMaxLength(20);
            v.Property(r => r.At).HasConversion(TimeConverters.Utc);
            v.HasIndex(r => new { r.Application, r.At });
        });
        modelBuilder.Entity<AlertRecord>(a =>
        {
            a.ToTable("alerts");
            a.HasKey(r => r.Id);
            a.Property(r => r.Key).HasMaxLength(600);
            a.Property(r => r.DedupKey).HasMaxLength(650);
            a.HasIndex(r => r.DedupKey).IsUnique();
            a.HasIndex(r => new { r.Key, r.State });
            a.Property(r => r.Application).HasMaxLength(100);
            a.Property(r => r.Subject).HasMaxLength(400);
            a.Property(r => r.ConditionType).HasMaxLength(100);
            a.Property(r => r.Severity).HasConversion<string>().HasMaxLength(20);
            a.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            a.Property(r => r.RaisedAt).HasConversion(TimeConverters.Utc);
            a.Property(r => r.ResolvedAt).HasConversion(TimeConverters.NullableUtc);
        });
        modelBuilder.Entity<AlertDeliveryRecord>(d =>
        {
            d.ToTable("alert_deliveries");
            d.HasKey(r => r.Id);
            d.Property(r => r.Channel).HasMaxLength(100);
            d.Property(r => r.Event).HasConversion<string>().HasMaxLength(20);
            d.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            d.Property(r => r.CreatedAt).HasConversion(TimeConverters.Utc);
            d.Property(r => r.NextAttemptAt).HasConversion(TimeConverters.NullableUtc);
            d.Property(r => r.DeliveredAt).HasConversion(TimeConverters.NullableUtc);
            d.HasIndex(r => new { r.State, r.NextAttemptAt });
            d.HasIndex(r => r.AlertId);
        });
    }
}
