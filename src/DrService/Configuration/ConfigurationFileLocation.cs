namespace DrService.Configuration;

/// <summary>Why a configuration file was chosen.</summary>
public enum ConfigurationFileOrigin
{
    /// <summary>The <c>--config &lt;path&gt;</c> command-line argument.</summary>
    CommandLine,

    /// <summary>The <c>DRSERVICE_CONFIG</c> environment variable.</summary>
    EnvironmentVariable,

    /// <summary><c>appsettings.json</c> in the current directory.</summary>
    CurrentDirectory,

    /// <summary><c>appsettings.json</c> beside the binary.</summary>
    BaseDirectory,
}

/// <summary>The configuration file in use, and how relative paths inside it resolve.</summary>
public sealed record ConfigurationFileLocation(string FilePath, ConfigurationFileOrigin Origin)
{
    /// <summary>The folder of the configuration file: relative paths in the configuration resolve against it.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(FilePath) ?? System.IO.Path.GetPathRoot(FilePath) ?? "/";

    /// <summary><paramref name="path"/> made absolute against <see cref="Directory"/> (absolute paths are kept).</summary>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return System.IO.Path.GetFullPath(path, Directory);
    }

    /// <summary>The optional <c>appsettings.{environment}.json</c> beside the configuration file.</summary>
    public string EnvironmentFilePath(string environmentName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentName);
        var name = System.IO.Path.GetFileNameWithoutExtension(FilePath);
        var extension = System.IO.Path.GetExtension(FilePath);
        return System.IO.Path.Combine(Directory, $"{name}.{environmentName}{extension}");
    }
}
