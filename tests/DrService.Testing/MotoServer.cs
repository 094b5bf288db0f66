using DrService.Aws.Emulator;
using DrService.Aws.Configuration;

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

    /// <summary>
    /// The emulator quirks (<c>DrService:Aws:EmulatorQuirks</c>) a DrService process against moto needs, as environment
    /// variables: an endpoint override alone switches no workaround on (issue 14, item 17).
    /// </summary>
    public static void AddQuirks(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var quirk in EmulatorQuirks.Moto.Enabled())
        {
            environment[$"DrService__Aws__EmulatorQuirks__{quirk}"] = "true";
        }
    }

    /// <summary>The same quirks as the <c>EmulatorQuirks</c> object of a configuration file's <c>DrService:Aws</c>.</summary>
    public static System.Text.Json.Nodes.JsonObject QuirksJson() =>
        new([.. EmulatorQuirks.Moto.Enabled().Select(q => KeyValuePair.Create(q, (System.Text.Json.Nodes.JsonNode?)true))]);

    /// <summary>Empties every region and service.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => _process.ResetAsync(cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
