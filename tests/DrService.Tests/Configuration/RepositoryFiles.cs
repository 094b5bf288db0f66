namespace DrService.Tests.Configuration;

/// <summary>Finds files of the repository from the test binary (walking up to the folder of DrService.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>THE configuration file: appsettings.json at the repository root.</summary>
    public static string AppSettings => Path.Combine(Root, "appsettings.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DrService.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"DrService.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(FullPath);

    public string FullPath { get; } = Path.Combine(Path.GetTempPath(), "drservice-tests", Guid.NewGuid().ToString("N"));

    public string Write(string fileName, string text)
    {
        var path = Path.Combine(FullPath, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(FullPath, recursive: true);
}
