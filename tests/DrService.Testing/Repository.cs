namespace DrService.Testing;

/// <summary>Paths of the repository, found from the test binary (the folder holding DrService.sln).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>THE configuration file at the repository root.</summary>
    public static string AppSettings => Path.Combine(Root, "appsettings.json");

    /// <summary>The built service (same configuration as the tests: Debug or Release).</summary>
    public static string ServiceDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
            var path = Path.Combine(Root, "src", "DrService", "bin", configuration, "net10.0", "DrService.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"the service is not built: {path}");
        }
    }

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
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "drservice-tests", Guid.NewGuid().ToString("N"));

    public string Write(string fileName, string text)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a process that is being stopped: the temp folder is cleaned by the OS
        }
    }
}
