namespace DrService.Configuration;

/// <summary>Where DrService keeps its state.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file in <see cref="StorageOptions.DataDirectory"/>: one instance, nothing to install.</summary>
    Sqlite,

    /// <summary>PostgreSQL: several instances, Quartz clustered on the same database.</summary>
    Postgres,
}

/// <summary>The <c>DrService:Storage</c> section.</summary>
public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder of the SQLite file; relative paths resolve against the configuration file's folder.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The PostgreSQL connection string (required with <see cref="StorageProvider.Postgres"/>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The absolute data directory: <see cref="DataDirectory"/> resolved against the configuration file's folder.</summary>
    public string ResolveDataDirectory(ConfigurationFileLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.ResolvePath(DataDirectory);
    }
}
