namespace DrService.Testing.Models;

/// <summary>The Python that has botocore: BOTOCORE_PYTHON, else the pyenv shim, else python3 on PATH.</summary>
public static class BotocorePython
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("BOTOCORE_PYTHON") is { Length: > 0 } configured)
        {
            return configured;
        }
        var shim = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims", "python3");
        return File.Exists(shim) ? shim : ExternalTool.Find("python3")
            ?? throw new InvalidOperationException("python3 with botocore was not found (set BOTOCORE_PYTHON, or pip install botocore)");
    }
}
