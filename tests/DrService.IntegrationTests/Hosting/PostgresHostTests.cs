using System.Net;
using DrService.Testing;
using Npgsql;

namespace DrService.IntegrationTests.Hosting;

/// <summary>
/// The service on PostgreSQL, for real: migrations applied, Quartz's clustered store provisioned in the same
/// database, and two instances sharing it as one cluster.
/// </summary>
public sealed class PostgresHostTests
{
    [Fact]
    public async Task TwoInstances_OnOnePostgres_MigrateOnceAndJoinOneSchedulerCluster()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var moto = await MotoServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string?>
        {
            ["DrService__Storage__Provider"] = "Postgres",
            ["DrService__Storage__ConnectionString"] = connectionString,
            ["DrService__Aws__ServiceUrl"] = moto.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        };
        MotoServer.AddQuirks(environment);

        await using var first = ServiceProcess.Start([], environment);
        await using var second = ServiceProcess.Start([], environment);
        await first.WaitUntilListeningAsync();
        await second.WaitUntilListeningAsync();
        await AssertReadyAsync(first);
        await AssertReadyAsync(second);

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        // Every migration applied exactly once, though both instances started together.
        var migrations = typeof(DrService.Storage.PostgresDrDbContext).Assembly.GetTypes()
            .Count(t => t.Namespace == "DrService.Storage.Migrations.Postgres" && t.IsDefined(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), inherit: false));
        Assert.True(migrations >= 3);
        Assert.Equal((long)migrations, await ScalarAsync(db, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal((long)migrations, await ScalarAsync(db, "SELECT count(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\""));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM qrtz_job_details WHERE job_name = 'housekeeping'"));
        Assert.Equal(2L, await ScalarAsync(db, "SELECT count(DISTINCT instance_name) FROM qrtz_scheduler_state"));
        Assert.True(await ScalarAsync(db, "SELECT count(*) FROM audit_log WHERE \"Action\" = 'schedule.add' AND \"Target\" = 'housekeeping'") >= 1);
    }

    private static async Task AssertReadyAsync(ServiceProcess service)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await service.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            if (attempt == 50)
            {
                Assert.Fail($"/readyz answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{service.Output}");
            }
            await Task.Delay(200);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
