using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DrService.Aws.Emulator;

/// <summary>
/// moto server (the AWS emulator) as a child process on a loopback port: started for the sandbox and for tests,
/// stopped by its process id. One server serves every region and service; it routes by the SigV4 credential scope.
/// </summary>
public sealed class MotoServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private MotoServerProcess(Process process, int port)
    {
        _process = process;
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public Uri Endpoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts <paramref name="command"/> (a path, or a name looked up on PATH and in ~/.pyenv/shims) on
    /// <paramref name="port"/> (0: a free port) and waits until it answers.
    /// </summary>
    public static async Task<MotoServerProcess> StartAsync(string command, int port, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var exe = Locate(command) ?? throw new FileNotFoundException(
            $"moto server ('{command}') was not found on PATH or in ~/.pyenv/shims. Install it with pip install \"moto[server]\", " +
            "or set DrService:Sandbox:MotoServer to its path.");
        port = port == 0 ? FreePort() : port;
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false";
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new MotoServerProcess(process, port);
        using var http = new HttpClient { BaseAddress = server.Endpoint, Timeout = TimeSpan.FromSeconds(5) };
        var started = time.GetTimestamp();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto server exited with code {process.ExitCode} before serving port {port}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/moto-api/data.json", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // attempt timed out
            }
            if (time.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
            {
                await server.DisposeAsync();
                throw new TimeoutException($"moto server did not answer on port {port} within 60 s");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    /// <summary>Empties every region and service.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Endpoint };
        using var response = await http.PostAsync(new Uri("/moto-api/reset", UriKind.Relative), content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }

    public static string? Locate(string command)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command) ? Path.GetFullPath(command) : null;
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".pyenv", "shims"))
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
