using DrService.Aws.Emulator;

namespace DrService.Testing;

/// <summary>
/// A real moto server for tests, on a free loopback port (the same <see cref="MotoServerProcess"/> the sandbox uses),
/// stopped by its process id. Fails with a clear message when moto server is not installed.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    public const string AccessKey = "AKIATESTTESTTEST";
    public const string SecretKey = "test-secret-key-not-real";

    private readonly MotoServerProcess _process;

    private MotoServer(MotoServerProcess process) => _process = process;

    public Uri Endpoint => _process.Endpoint;

    public int Port => _process.Endpoint.Port;

    public int ProcessId => _process.ProcessId;

    public static async Task<MotoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var command = Environment.GetEnvironmentVariable("MOTO_SERVER") is { Length: > 0 } configured ? configured : "moto_server";
        if (MotoServerProcess.Locate(command) is null)
        {
            throw new InvalidOperationException(
                $"moto server ('{command}') was not found on PATH or in ~/.pyenv/shims. Install it with pip install \"moto[server]\" " +
                "(or set MOTO_SERVER to its path). The integration tests talk to a real moto server and cannot run without it.");
        }
        return new MotoServer(await MotoServerProcess.StartAsync(command, 0, TimeProvider.System, cancellationToken));
    }

    /// <summary>Empties every region and service.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => _process.ResetAsync(cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
