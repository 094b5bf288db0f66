using Microsoft.EntityFrameworkCore;

namespace DrService.Storage;

/// <summary>Hands out the configured provider's context as the provider-neutral <see cref="DrDbContext"/>.</summary>
internal sealed class DrDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DrDbContext>
    where TContext : DrDbContext
{
    public DrDbContext CreateDbContext() => inner.CreateDbContext();
}
