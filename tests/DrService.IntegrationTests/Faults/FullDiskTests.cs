using System.Net;
using DrService.Testing;

namespace DrService.IntegrationTests.Faults;

/// <summary>
/// Fault 8: the SQLite file's file system full, for real: a small tmpfs mounted for the data folder (the tests run
/// as root here) and filled to the last byte.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class FullDiskTests(MotoFixture moto)
{
    [Fact]
    public async Task Service_SqliteDiskFull_ReadinessDegradedRunRefusedNothingLostAndRecoversWhenSpaceReturns()
    {
        using var estate = new FaultEstate(moto.Endpoint);
        var volumes = await estate.VolumesWithSnapshotsAsync(1);
        using var folder = new TempFolder();
        var mount = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(mount);
        var (code, _, stderr) = await ExternalTool.RunAsync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mount]);
        Assert.True(code == 0, $"mount -t tmpfs needs root: {stderr}");
        try
        {
            var config = new ServiceConfig { Moto = moto.Endpoint, VolumeIds = volumes, DataFolder = mount };
            await using var service = await InProcessService.StartAsync(config.Write(folder));
            var first = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));
            Assert.Equal("Succeeded", first.GetProperty("phase").GetString());
            var written = await service.AuditAsync();

            var filler = Fill(mount);
            using (var ready = await service.Http.GetAsync(new Uri("/readyz", UriKind.Relative)))
            {
                var body = await ready.Content.ReadAsStringAsync();
                Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, body);
                Assert.Contains("full", body, StringComparison.OrdinalIgnoreCase);
            }
            using (var refused = await service.Http.PostAsync(new Uri($"/api/v1/backups/{config.Application}/run", UriKind.Relative), content: null))
            {
                Assert.False(refused.IsSuccessStatusCode, await refused.Content.ReadAsStringAsync());
            }
            Assert.Equal(written.Select(a => a.Id), (await service.AuditAsync()).Select(a => a.Id).Take(written.Count));

            File.Delete(filler);
            using (var ready = await service.Http.GetAsync(new Uri("/readyz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
            var after = await service.Http.WaitForRunAsync(await service.Http.RunBackupAsync(config.Application));
            Assert.Equal("Succeeded", after.GetProperty("phase").GetString());
            var audit = await service.AuditAsync();
            Assert.Superset(written.Select(a => a.Id).ToHashSet(), audit.Select(a => a.Id).ToHashSet());
            Assert.Single(await estate.OwnedSnapshotsAsync(config.Application));
        }
        finally
        {
            await ExternalTool.RunAsync("umount", ["-l", mount]);
        }
    }

    /// <summary>Writes a file until the file system answers "no space left"; returns its path.</summary>
    private static string Fill(string folder)
    {
        var path = Path.Combine(folder, "filler.bin");
        var block = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // full
        }
        try
        {
            for (var i = 0; i < 4096; i++)
            {
                file.Write(block, 0, 512);
            }
        }
        catch (IOException)
        {
            // full to the last block
        }
        return path;
    }
}
