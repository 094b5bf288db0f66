using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DrService.Testing;

/// <summary>
/// The real service as a separate process (<c>dotnet DrService.dll ...</c>) on a free loopback port, its output
/// captured; stopped with SIGINT (as Ctrl+C) and killed by its process id if it does not stop.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServiceProcess Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        psi.ArgumentList.Add(Repository.ServiceDll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        psi.ArgumentList.Add("--Urls");
        psi.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            psi.Environment[key] = value;
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the service");
        var service = new ServiceProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { service._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { service._output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until <c>/healthz</c> answers; fails with the service's output when it exits or times out.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(90)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the service did not listen within the timeout:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself (a start-up refusal) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Ctrl+C: SIGINT, then waits for a graceful stop.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        await ExternalTool.RunAsync("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        return await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
