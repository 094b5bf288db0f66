using DrService.Configuration;

namespace DrService.Storage;

/// <summary>The resolved database: provider and connection string, shared by EF Core and the Quartz job store.</summary>
public sealed record StorageConnection(StorageProvider Provider, string ConnectionString)
{
    public const string SqliteFileName = "drservice.db";

    /// <summary>
    /// SQLite: a file <c>drservice.db</c> in the data folder (relative folders resolve against <paramref name="baseDirectory"/>,
    /// the configuration file's folder); PostgreSQL: the configured connection string.
    /// </summary>
    public static StorageConnection From(StorageOptions options, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == StorageProvider.Postgres)
        {
            return new StorageConnection(StorageProvider.Postgres, options.ConnectionString
                ?? throw new InvalidOperationException("DrService:Storage:ConnectionString is required for PostgreSQL"));
        }
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new StorageConnection(StorageProvider.Sqlite, options.ConnectionString);
        }
        var folder = Path.GetFullPath(options.DataDirectory, baseDirectory);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, SqliteFileName);
        return new StorageConnection(StorageProvider.Sqlite, $"Data Source={file};Pooling=True;Default Timeout=30");
    }
}
