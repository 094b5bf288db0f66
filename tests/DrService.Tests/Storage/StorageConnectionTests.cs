using DrService.Testing;
using DrService.Configuration;
using DrService.Storage;

namespace DrService.Tests.Storage;

public sealed class StorageConnectionTests : IDisposable
{
    private readonly TempFolder _base = new();

    public void Dispose() => _base.Dispose();

    [Theory]
    [InlineData("data")]
    [InlineData("state/db")]
    [InlineData("../sibling")]
    public void From_RelativeDataDirectory_ResolvesAgainstBaseFolderAndCreatesIt(string dataDirectory)
    {
        var expectedFolder = Path.GetFullPath(Path.Combine(_base.Path, "config", dataDirectory));
        var configFolder = Directory.CreateDirectory(Path.Combine(_base.Path, "config")).FullName;

        var connection = StorageConnection.From(new StorageOptions { DataDirectory = dataDirectory }, configFolder);

        Assert.Equal(StorageProvider.Sqlite, connection.Provider);
        Assert.True(Directory.Exists(expectedFolder), $"{expectedFolder} was not created");
        Assert.Contains($"Data Source={Path.Combine(expectedFolder, StorageConnection.SqliteFileName)};", connection.ConnectionString, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(expectedFolder, StorageConnection.SqliteFileName)), "the database file is the migrator's to create");
    }

    [Fact]
    public void From_AbsoluteDataDirectory_IgnoresBaseFolder()
    {
        var absolute = Path.Combine(_base.Path, "absolute", "data");

        var connection = StorageConnection.From(new StorageOptions { DataDirectory = absolute }, "/nonexistent/base");

        Assert.True(Directory.Exists(absolute));
        Assert.Contains($"Data Source={Path.Combine(absolute, StorageConnection.SqliteFileName)};", connection.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "Data Source=/srv/dr/custom.db")]
    [InlineData(StorageProvider.Postgres, "Host=db;Database=drservice")]
    public void From_ExplicitConnectionString_IsUsedAsIs(StorageProvider provider, string connectionString)
    {
        var connection = StorageConnection.From(new StorageOptions { Provider = provider, ConnectionString = connectionString }, _base.Path);

        Assert.Equal(new StorageConnection(provider, connectionString), connection);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_base.Path));
    }

    [Fact]
    public void From_PostgresWithoutConnectionString_ThrowsNamingTheKey()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            StorageConnection.From(new StorageOptions { Provider = StorageProvider.Postgres }, _base.Path));

        Assert.Contains("DrService:Storage:ConnectionString", ex.Message, StringComparison.Ordinal);
    }
}
