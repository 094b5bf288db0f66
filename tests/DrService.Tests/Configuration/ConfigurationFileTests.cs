using DrService.Testing;
using DrService.Configuration;

namespace DrService.Tests.Configuration;

public sealed class ConfigurationFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Current => Directory.CreateDirectory(Path.Combine(_folder.Path, "cwd")).FullName;

    private string Base => Directory.CreateDirectory(Path.Combine(_folder.Path, "bin")).FullName;

    [Fact]
    public void Locate_CommandLineAndEnvironmentBothSet_CommandLineWins()
    {
        var fromArgs = _folder.Write("args.json", "{}");
        var fromEnv = _folder.Write("env.json", "{}");

        var location = ConfigurationFile.Locate(["--config", fromArgs], Env(fromEnv), Current, Base);

        Assert.Equal(new ConfigurationFileLocation(fromArgs, ConfigurationFileOrigin.CommandLine), location);
    }

    [Theory]
    [InlineData("--config", "named.json")]
    [InlineData("--config=named.json", null)]
    public void Locate_CommandLineForms_RelativePathResolvesAgainstCurrentDirectory(string first, string? second)
    {
        var file = Path.Combine(Current, "named.json");
        File.WriteAllText(file, "{}");
        string[] args = second is null ? [first] : [first, second];

        var location = ConfigurationFile.Locate(args, Env(null), Current, Base);

        Assert.Equal(file, location.FilePath);
    }

    [Fact]
    public void Locate_EnvironmentOnly_UsesEnvironmentVariable()
    {
        var fromEnv = _folder.Write("env.json", "{}");
        File.WriteAllText(Path.Combine(Current, ConfigurationFile.FileName), "{}");

        var location = ConfigurationFile.Locate([], Env(fromEnv), Current, Base);

        Assert.Equal(new ConfigurationFileLocation(fromEnv, ConfigurationFileOrigin.EnvironmentVariable), location);
    }

    [Theory]
    [InlineData(true, true, ConfigurationFileOrigin.CurrentDirectory)]
    [InlineData(true, false, ConfigurationFileOrigin.CurrentDirectory)]
    [InlineData(false, true, ConfigurationFileOrigin.BaseDirectory)]
    public void Locate_NothingNamed_PrefersCurrentThenBaseDirectory(bool inCurrent, bool inBase, ConfigurationFileOrigin expected)
    {
        if (inCurrent)
        {
            File.WriteAllText(Path.Combine(Current, ConfigurationFile.FileName), "{}");
        }

        if (inBase)
        {
            File.WriteAllText(Path.Combine(Base, ConfigurationFile.FileName), "{}");
        }

        var location = ConfigurationFile.Locate([], Env(null), Current, Base);

        Assert.Equal(expected, location.Origin);
    }

    [Theory]
    [InlineData(true, "--config")]
    [InlineData(false, "DRSERVICE_CONFIG")]
    public void Locate_MissingExplicitFile_ThrowsNamingTheSourceAndPath(bool onCommandLine, string source)
    {
        var missing = Path.Combine(_folder.Path, "missing.json");
        File.WriteAllText(Path.Combine(Current, ConfigurationFile.FileName), "{}"); // never a silent fallback

        var ex = Assert.Throws<DrConfigurationException>(() => ConfigurationFile.Locate(
            onCommandLine ? ["--config", missing] : [], Env(onCommandLine ? null : missing), Current, Base));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(new DrConfigurationError(source, $"configuration file not found: {missing}"), error);
    }

    [Fact]
    public void Locate_NoFileAnywhere_ThrowsListingWhereItLooked()
    {
        var ex = Assert.Throws<DrConfigurationException>(() => ConfigurationFile.Locate([], Env(null), Current, Base));

        Assert.Contains(Path.Combine(Current, ConfigurationFile.FileName), ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Base, ConfigurationFile.FileName), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data", "/etc/drservice/data")]
    [InlineData("../state", "/etc/state")]
    [InlineData("/var/lib/drservice", "/var/lib/drservice")]
    public void ResolvePath_DataDirectory_ResolvesAgainstConfigurationFolder(string dataDirectory, string expected)
    {
        var location = new ConfigurationFileLocation("/etc/drservice/appsettings.json", ConfigurationFileOrigin.CommandLine);

        Assert.Equal(expected, new StorageOptions { DataDirectory = dataDirectory }.ResolveDataDirectory(location));
    }

    [Fact]
    public void EnvironmentFilePath_Staging_IsBesideTheFile()
    {
        var location = new ConfigurationFileLocation("/etc/drservice/appsettings.json", ConfigurationFileOrigin.CommandLine);

        Assert.Equal("/etc/drservice/appsettings.Staging.json", location.EnvironmentFilePath("Staging"));
    }

    private static Func<string, string?> Env(string? config) =>
        name => name == ConfigurationFile.EnvironmentVariable ? config : null;
}
