using System.Net;
using DrService.Storage;
using DrService.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static DrService.IntegrationTests.Faults.FaultEstate;

namespace DrService.IntegrationTests.Faults;

/// <summary>Fault 6: PostgreSQL stopped (immediate: a crash, as the database sees it) and started again mid-cycle.</summary>
[Collection(FaultsCollection.Name)]
public sealed class DatabaseRestartTests(MotoFixture moto)
{
    [Fact]
    public async Task BackupCycle_PostgresRestartsMidCycle_ServiceRecoversNoDuplicateCopiesNoLostAuditRecords()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(3);
        using var folder = new TempFolder();
        var config = new ServiceConfig { Moto = moto.Endpoint, VolumeIds = volumes, PostgresConnectionString = connectionString, EbsCopyLimit = 1 };
        await using var service = await InProcessService.StartAsync(config.Write(folder));
        var slowPolls = service.Faults.AddLatency(Dr, "ec2", TimeSpan.FromSeconds(1.5), operation: "DescribeSnapshots");

        var runKey = await service.Http.RunBackupAsync(config.Application);
        Assert.True(await ProcessControl.EventuallyAsync(async () => (await estate.OwnedSnapshotsAsync(config.Application)).Count >= 1, TimeSpan.FromSeconds(40)));
        await postgres.RestartAsync();
        service.Faults.Remove(slowPolls);

        // The cycle either went on (resumed) or failed with the database's error; either way it ends, and a run after it
        // finishes the work.
        var interrupted = await service.Http.WaitForRunAsync(runKey, TimeSpan.FromSeconds(60));
        Assert.Contains(interrupted.GetProperty("phase").GetString(), new[] { "Succeeded", "Failed", "PartiallyFailed" });
        if (interrupted.GetProperty("phase").GetString() != "Succeeded")
        {
            Assert.False(string.IsNullOrEmpty(interrupted.GetProperty("failureReason").GetString()));
        }
        var again = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));

        Assert.Equal("Succeeded", again.GetProperty("phase").GetString());
        var copies = await estate.OwnedSnapshotsAsync(config.Application);
        Assert.Equal(volumes.Length, copies.Count);
        Assert.Equal(volumes.Length, copies.Select(c => c.SourceId).Distinct().Count());
        var audit = await service.AuditAsync();
        var copyAudits = audit.Where(a => a.Application == config.Application && a.Action == "backup.copy" && a.Result == "succeeded").ToList();
        var audited = copyAudits.Select(a => a.Target![(a.Target!.IndexOf("-> ", StringComparison.Ordinal) + 3)..]).Order().ToList();
        if (!copies.Select(c => c.Id).Order().SequenceEqual(audited))
        {
            // What the service recorded, to tell which path lost a record.
            await using var db = await service.Services.GetRequiredService<IDbContextFactory<DrDbContext>>().CreateDbContextAsync();
            var records = await db.Copies.AsNoTracking().Where(c => c.Application == config.Application).ToListAsync();
            var runs = await db.JobRuns.AsNoTracking().Where(r => r.Application == config.Application).ToListAsync();
            Assert.Fail($"copies in moto: {string.Join(", ", copies.Select(c => $"{c.SourceId}->{c.Id}"))}\n" +
                $"audit: {string.Join(" | ", audit.Where(a => a.Application == config.Application).Select(a => $"{a.Action} {a.Result} {a.Target} {a.Details}"))}\n" +
                $"records: {string.Join(" | ", records.Select(r => $"{r.SourceId} {r.Phase} copy={r.CopyId} attempts={r.Attempts} run={r.RunKey} {r.ErrorCode}"))}\n" +
                $"runs: {string.Join(" | ", runs.Select(r => $"{r.Key} {r.Trigger} {r.Phase} {r.Message}"))}");
        }
        using var ready = await service.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
