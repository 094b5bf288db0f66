using Npgsql;

namespace DrService.Storage;

/// <summary>A PostgreSQL session advisory lock that serialises schema migrations across instances.</summary>
internal sealed class PostgresMigrationLock : IAsyncDisposable
{
    /// <summary>An arbitrary constant: "DRSV" in ASCII.</summary>
    private const long LockKey = 0x44525356;

    private readonly NpgsqlConnection _connection;

    private PostgresMigrationLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PostgresMigrationLock> AcquireAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresMigrationLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", _connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            // Closing the session releases the lock anyway.
            await _connection.DisposeAsync();
        }
    }
}
