namespace DrService.Api.Auth;

/// <summary>
/// An API token as stored: never the secret, only its SHA-256 hash, found by its public id (the part between
/// <c>drs_</c> and the secret). Revoked tokens stay, so that audit records keep naming something.
/// </summary>
public sealed class ApiTokenRecord
{
    public long Id { get; set; }

    /// <summary>The public id embedded in the token (<c>drs_{TokenId}_{secret}</c>); unique.</summary>
    public required string TokenId { get; set; }

    /// <summary>The name callers and audit records know it by; unique among tokens not revoked.</summary>
    public required string Name { get; set; }

    public DrRole Role { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole token string.</summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
