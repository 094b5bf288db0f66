using System.Globalization;
using Npgsql;

namespace DrService.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster (initdb + pg_ctl from the Debian package) on a free loopback port, in a temporary
/// folder that is removed on dispose. As root, the server runs as the <c>postgres</c> user (initdb refuses root).
/// A missing PostgreSQL is a failure, never a skip: .ci/run installs it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _pgCtl;
    private readonly string _dataDir;
    private readonly string[] _asUser;

    private PostgresServer(string pgCtl, string dataDir, int port, string[] asUser)
    {
        _pgCtl = pgCtl;
        _dataDir = dataDir;
        _asUser = asUser;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=false";

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirs = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).ToArray()
            : [];
        var initdb = ExternalTool.Find("initdb", binDirs);
        var pgCtl = ExternalTool.Find("pg_ctl", binDirs);
        if (initdb is null || pgCtl is null)
        {
            throw new InvalidOperationException(
                "PostgreSQL (initdb, pg_ctl) was not found. Install the Debian package: apt-get install -y postgresql. " +
                "The PostgreSQL tests run against a real server and fail rather than skip without one.");
        }

        var root = Environment.IsPrivilegedProcess;
        string[] asUser = root ? ["runuser", "-u", "postgres", "--"] : [];
        var dataDir = Path.Combine(Path.GetTempPath(), "drservice-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        if (root)
        {
            await Run(["chown", "postgres:postgres", dataDir], cancellationToken);
        }

        var port = FreePort.Next();
        // fsync=off: the test machine's OS does not crash mid-test, so a write reaching the OS is durable enough.
        // synchronous_commit stays on: a stop -m immediate (RestartAsync, a database crash) must not lose transactions
        // the service saw committed, as it would not on a real server; with it off, the database-restart fault test
        // lost a committed copy checkpoint with its audit record about one run in three.
        var server = new PostgresServer(pgCtl, dataDir, port, asUser);
        var db = Path.Combine(dataDir, "db");
        await Run([.. asUser, initdb, "-D", db, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"], cancellationToken);
        var options = $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200";
        await Run([.. asUser, pgCtl, "-D", db, "-o", options, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60", "start"], cancellationToken);
        return server;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "db_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(AdminConnectionString))
        {
            await conn.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        return $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={name}";
    }

    /// <summary>Stops the server immediately (a crash, as the database sees it) and starts it again on the same port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        var db = Path.Combine(_dataDir, "db");
        await Run([.. _asUser, _pgCtl, "-D", db, "-m", "immediate", "-w", "stop"], cancellationToken);
        var options = $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200";
        await Run([.. _asUser, _pgCtl, "-D", db, "-o", options, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60", "start"], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Run([.. _asUser, _pgCtl, "-D", Path.Combine(_dataDir, "db"), "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder
        }
    }

    private static async Task Run(string[] command, CancellationToken cancellationToken)
    {
        var (code, stdout, stderr) = await ExternalTool.RunAsync(command[0], command[1..], timeout: TimeSpan.FromSeconds(90), cancellationToken: cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited with {code}: {stderr}{stdout}");
        }
    }
}

/// <summary>Collection fixture sharing one PostgreSQL server between the test classes of a collection.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Collection = "postgres";

    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
