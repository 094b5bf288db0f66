using DrService.Testing;

namespace DrService.IntegrationTests.Hosting;

/// <summary>A broken appsettings.json stops the real process with exit code 78 and the key path in the error.</summary>
public sealed class BrokenConfigurationTests
{
    public static TheoryData<string, string, string, string> Mistakes() => new()
    {
        { "typo in a key", "\"Rpo\": \"00:15:00\"", "\"Rpoo\": \"00:15:00\"", "DrService:Applications:orders:Rpoo: unknown key (did you mean 'Rpo'?)" },
        { "duration in words", "\"Rto\": \"00:30:00\"", "\"Rto\": \"30 minutes\"", "DrService:Applications:orders:Rto:" },
        { "same region twice", "\"Dr\": \"us-west-2\"", "\"Dr\": \"us-east-1\"", "DrService:Regions" },
        { "bad cron", "\"Backup\": \"0 0/15 * * * ?\"", "\"Backup\": \"every quarter hour\"", "DrService:Applications:orders:Schedule:Backup:" },
        { "unknown tier", "\"Tier\": \"B\"", "\"Tier\": \"Z\"", "DrService:Applications:catalog:Tier: expected one of" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Start_BrokenConfiguration_ExitsWith78NamingTheKeyPath(string mistake, string good, string bad, string expected)
    {
        using var folder = new TempFolder();
        var original = await File.ReadAllTextAsync(Repository.AppSettings);
        var broken = original.Replace(good, bad, StringComparison.Ordinal);
        Assert.True(broken != original, $"the test's edit ({mistake}) no longer matches appsettings.json");
        var file = folder.Write("appsettings.json", broken);

        await using var service = ServiceProcess.Start(["--config", file]);
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(78, exitCode);
        Assert.Contains(expected, service.Output, StringComparison.Ordinal);
        Assert.Contains(file, service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExplicitConfigFileMissing_ExitsWith78NamingThePath()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "nowhere.json");

        await using var service = ServiceProcess.Start(["--config", missing]);
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(78, exitCode);
        Assert.Contains(missing, service.Output, StringComparison.Ordinal);
    }
}
