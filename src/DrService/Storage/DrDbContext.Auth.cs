using DrService.Api.Auth;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>
/// The sign-in feature's tables: API tokens (hashes only) and the ASP.NET Core data-protection key ring, shared by
/// every instance on the database so that a dashboard cookie issued by one task is read by the other.
/// </summary>
public partial class DrDbContext : IDataProtectionKeyContext
{
    public DbSet<ApiTokenRecord> ApiTokens => Set<ApiTokenRecord>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
        modelBuilder.Entity<DataProtectionKey>(k =>
        {
            k.ToTable("data_protection_keys");
            k.HasKey(r => r.Id);
        });
    }
}
