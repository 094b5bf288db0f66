using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DrService.Storage;

// Used only by `dotnet ef migrations add` (see docs/design/storage.md); the connection strings are never opened.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDrDbContext>
{
    public SqliteDrDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDrDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDrDbContext>
{
    public PostgresDrDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDrDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
