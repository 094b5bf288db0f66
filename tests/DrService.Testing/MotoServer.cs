using System.Diagnostics;

namespace DrService.Testing;

/// <summary>
/// A real moto server on a free loopback port, started as a child process and stopped by its process id.
/// One server serves every region and service (it routes by the SigV4 credential scope).
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    public const string AccessKey = "AKIATESTTESTTEST";
    public const string SecretKey = "test-secret-key-not-real";

    private readonly Process _process;
    private readonly HttpClient _http;

    private MotoServer(Process process, int port)
    {
        _process = process;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public Uri Endpoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts moto_server; fails with a clear message when it is not installed.</summary>
    public static async Task<MotoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var exe = Environment.GetEnvironmentVariable("MOTO_SERVER") is { Length: > 0 } configured
            ? configured
            : ExternalTool.Find("moto_server");
        if (exe is null || !File.Exists(exe))
        {
            throw new InvalidOperationException(
                "moto_server was not found on PATH or in ~/.pyenv/shims. Install it with: pip install \"moto[server]==5.1.*\" " +
                "(or set MOTO_SERVER to its path). The integration tests talk to a real moto server and cannot run without it.");
        }

        var port = FreePort.Next();
        var psi = new ProcessStartInfo(exe)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-H");
        psi.ArgumentList.Add("127.0.0.1");
        psi.ArgumentList.Add("-p");
        psi.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.Environment["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false";
        psi.Environment["AWS_ACCESS_KEY_ID"] = AccessKey;
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        // Drain the output so that the child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new MotoServer(process, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before it served port {port}");
            }
            try
            {
                using var response = await server._http.GetAsync("/moto-api/data.json", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await server.DisposeAsync();
                throw new TimeoutException($"moto_server did not answer on port {port} within 60 s");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Empties every region and service.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync("/moto-api/reset", content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
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
}
