using DrService.Api.Auth;
using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>The sign-in feature's table: API tokens (hashes only).</summary>
public partial class DrDbContext
{
    public DbSet<ApiTokenRecord> ApiTokens => Set<ApiTokenRecord>();

    private static void OnAuthModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApiTokenRecord>(t =>
        {
            t.ToTable("api_tokens");
            t.HasKey(r => r.Id);
            t.Property(r => r.TokenId).HasMaxLength(32);
            t.HasIndex(r => r.TokenId).IsUnique();
            t.Property(r => r.Name).HasMaxLength(64);
            t.HasIndex(r => r.Name);
            t.Property(r => r.Role).HasConversion<string>().HasMaxLength(20);
            t.Property(r => r.SecretHash).HasMaxLength(64);
            t.Property(r => r.CreatedBy).HasMaxLength(200);
            t.Property(r => r.RevokedBy).HasMaxLength(200);
            t.Property(r => r.CreatedAt).HasConversion(TimeConverters.Utc);
            t.Property(r => r.LastUsedAt).HasConversion(TimeConverters.NullableUtc);
            t.Property(r => r.ExpiresAt).HasConversion(TimeConverters.NullableUtc);
            t.Property(r => r.RevokedAt).HasConversion(TimeConverters.NullableUtc);
        });
    }
}
