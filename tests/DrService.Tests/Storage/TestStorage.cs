using DrService.Configuration;
using DrService.Storage;
using DrService.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DrService.Tests.Storage;

/// <summary>A fresh, empty database of one provider, owned by one test.</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly TempFolder? _folder;

    private TestDatabase(StorageConnection connection, TempFolder? folder)
    {
        Connection = connection;
        _folder = folder;
    }

    public StorageConnection Connection { get; }

    /// <summary>A SQLite file in a temporary folder, resolved the way the service resolves it.</summary>
    public static TestDatabase Sqlite()
    {
        var folder = new TempFolder();
        return new TestDatabase(StorageConnection.From(new StorageOptions { DataDirectory = "data" }, folder.Path), folder);
    }

    /// <summary>An empty database on the shared PostgreSQL server.</summary>
    public static async Task<TestDatabase> PostgresAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        return new TestDatabase(new StorageConnection(StorageProvider.Postgres, connectionString), null);
    }

    /// <summary>Storage services as the host registers them, on this database and the given clock.</summary>
    public ServiceProvider BuildServices(TimeProvider time, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time);
        services.AddDrStorage(Connection);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            _folder.Dispose();
        }
    }
}
