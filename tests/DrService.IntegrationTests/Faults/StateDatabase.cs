using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DrService.IntegrationTests.Faults;

/// <summary>The service's own database read directly (SQLite file or PostgreSQL), for what a killed service wrote.</summary>
internal sealed class StateDatabase(Func<DbConnection> open)
{
    public static StateDatabase Sqlite(string dataFolder) =>
        new(() => new SqliteConnection($"Data Source={Path.Combine(dataFolder, "drservice.db")};Mode=ReadOnly;Pooling=False"));

    public static StateDatabase Postgres(string connectionString) => new(() => new NpgsqlConnection(connectionString));

    public async Task<long> CountAsync(string sql) =>
        Convert.ToInt64(await ScalarAsync(sql), CultureInfo.InvariantCulture);

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task<List<string>> StringsAsync(string sql)
    {
        await using var connection = open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }
        return values;
    }

    /// <summary>Succeeded copy audit records of the application (one per copy made).</summary>
    public Task<long> CopyAuditsAsync(string application) =>
        CountAsync($"SELECT count(*) FROM audit_log WHERE \"Application\" = '{application}' AND \"Action\" = 'backup.copy' AND \"Result\" = 'succeeded'");
}
