using DrService.Storage;
using Microsoft.EntityFrameworkCore;

namespace DrService.Api.Auth;

/// <summary>Creates, lists, revokes and checks API tokens; creation and revocation are audited.</summary>
public sealed class ApiTokenStore(IDbContextFactory<DrDbContext> contexts, IAuditLog audit, TimeProvider time)
{
    /// <summary>How stale <see cref="ApiTokenRecord.LastUsedAt"/> may get before a use writes it again.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a token; the returned string is the only time the secret exists outside the caller.</summary>
    /// <exception cref="ApiTokenException">Bad name, or an active token already has the name.</exception>
    public async Task<CreatedToken> CreateAsync(string name, DrRole role, TimeSpan? lifetime, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name) || !ApiTokenFormat.NamePattern().IsMatch(name))
        {
            throw new ApiTokenException(ApiTokenError.InvalidName, $"name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (was '{name}')");
        }
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.ApiTokens.Where(t => t.Name == name && t.RevokedAt == null).ToListAsync(cancellationToken);
        if (existing.Any(t => t.IsActiveAt(now)))
        {
            throw new ApiTokenException(ApiTokenError.NameTaken, $"an active token is already named '{name}' (revoke it first)");
        }
        var (tokenId, token) = ApiTokenFormat.Generate();
        var record = new ApiTokenRecord
        {
            TokenId = tokenId,
            Name = name,
            Role = role,
            SecretHash = ApiTokenFormat.Hash(token),
            CreatedAt = now,
            CreatedBy = actor,
            ExpiresAt = lifetime is { } l ? now + l : null,
        };
        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEntry(actor, "token.create", "succeeded", Target: name,
            Details: $"role={DrRoles.Name(role)} id={tokenId} expires={record.ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}"), cancellationToken);
        return new CreatedToken(token, ApiTokenView.From(record, now));
    }

    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return [.. tokens.Select(t => ApiTokenView.From(t, now))];
    }

    /// <summary>Revokes the active token of that name; false when there is none.</summary>
    public async Task<bool> RevokeAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.Where(t => t.Name == name && t.RevokedAt == null).ToListAsync(cancellationToken);
        if (tokens.Count == 0)
        {
            return false;
        }
        foreach (var token in tokens)
        {
            token.RevokedAt = now;
            token.RevokedBy = actor;
        }
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEntry(actor, "token.revoke", "succeeded", Target: name,
            Details: "id=" + string.Join(',', tokens.Select(t => t.TokenId))), cancellationToken);
        return true;
    }

    /// <summary>The active token this string is, or null (unknown, wrong secret, revoked, expired).</summary>
    public async Task<ApiTokenRecord?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!ApiTokenFormat.TryParse(token, out var tokenId))
        {
            return null;
        }
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenId == tokenId, cancellationToken);
        if (record is null || !ApiTokenFormat.Matches(token, record.SecretHash) || !record.IsActiveAt(now))
        {
            return null;
        }
        if (record.LastUsedAt is null || now - record.LastUsedAt >= LastUsedResolution)
        {
            record.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return record;
    }

    /// <summary>The token behind a dashboard cookie, while it is still active (revocation ends cookie sessions too).</summary>
    public async Task<ApiTokenRecord?> FindActiveAsync(string tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenId == tokenId, cancellationToken);
        return record is not null && record.IsActiveAt(time.GetUtcNow()) ? record : null;
    }

    /// <summary>True when an active admin token exists.</summary>
    public async Task<bool> AnyActiveAdminAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var admins = await db.ApiTokens.AsNoTracking().Where(t => t.Role == DrRole.Admin && t.RevokedAt == null).ToListAsync(cancellationToken);
        return admins.Any(t => t.IsActiveAt(now));
    }
}

public sealed record CreatedToken(string Token, ApiTokenView Details);

/// <summary>A token as listed: never its secret or hash.</summary>
public sealed record ApiTokenView(string Name, string Id, string Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy, string State)
{
    public static ApiTokenView From(ApiTokenRecord t, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(t);
        var state = t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active";
        return new(t.Name, t.TokenId, DrRoles.Name(t.Role), t.CreatedAt, t.CreatedBy, t.LastUsedAt, t.ExpiresAt, t.RevokedAt, t.RevokedBy, state);
    }
}

public enum ApiTokenError
{
    InvalidName,
    NameTaken,
}

public sealed class ApiTokenException(ApiTokenError error, string message) : Exception(message)
{
    public ApiTokenError Error { get; } = error;
}
