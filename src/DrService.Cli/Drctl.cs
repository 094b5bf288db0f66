using System.CommandLine;
using Spectre.Console;

namespace DrService.Cli;

/// <summary>
/// drctl's commands. Everything goes through the service's API (<c>/api/v1</c>) with the operator's token; the service
/// checks the role and writes the audit record. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static partial class Drctl
{
    /// <summary>What a run of drctl talks to: standard streams, the environment, and (for tests) the HTTP handler.</summary>
    public sealed record Io(TextWriter Out, TextWriter Error, Func<string, string?> Environment, TextReader? Input = null, bool Interactive = false, HttpMessageHandler? Handler = null);

    public static async Task<int> RunAsync(string[] args, Io io, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(io);
        var root = Build(io);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await io.Error.WriteLineAsync(error.Message);
            }
            await io.Error.WriteLineAsync("Run 'drctl --help' for the commands.");
            return ExitCodes.Usage;
        }
        return await result.InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Error }, cancellationToken);
    }

    private static readonly Option<string?> ServerOption = new("--server", "-s") { Description = $"The DrService URL (env DRCTL_SERVER, config file; default {CliEndpoint.DefaultServer})", Recursive = true };
    private static readonly Option<string?> TokenOption = new("--token", "-t") { Description = "An API token (env DRCTL_TOKEN, config file)", Recursive = true };
    private static readonly Option<string> OutputOption = new("--output", "-o") { Description = "table (for people) or json (for scripts)", DefaultValueFactory = _ => "table", Recursive = true };
    private static readonly Option<double> IntervalOption = new("--interval") { Description = "Seconds between polls while watching", DefaultValueFactory = _ => 1.0, Recursive = true };

    private static RootCommand Build(Io io)
    {
        OutputOption.AcceptOnlyFromAmong("table", "json");
        var root = new RootCommand("drctl: the DrService operator CLI (status, copies, drills, failover, approvals, advisor)");
        root.Options.Add(ServerOption);
        root.Options.Add(TokenOption);
        root.Options.Add(OutputOption);
        root.Options.Add(IntervalOption);
        AddStatusCommands(root, io);
        AddRunbookCommands(root, io);
        return root;
    }

    /// <summary>Runs one command's body with its client and output; a <see cref="DrctlException"/> becomes its exit code.</summary>
    private static void Handle(Command command, Io io, Func<Context, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var endpoint = CliEndpoint.Resolve(parse.GetValue(ServerOption), parse.GetValue(TokenOption), io.Environment);
                using var http = ApiClient.CreateHttpClient(endpoint, io.Handler);
                var json = string.Equals(parse.GetValue(OutputOption), "json", StringComparison.OrdinalIgnoreCase);
                var console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(io.Out),
                    Interactive = io.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
                    Ansi = io.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
                    ColorSystem = io.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                });
                var interval = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(IntervalOption), 0.05, 60));
                return await body(new Context(parse, new ApiClient(http), new Output(console, io.Out, json), io, interval), cancellationToken);
            }
            catch (DrctlException ex)
            {
                await io.Error.WriteLineAsync($"drctl: {ex.Message}");
                return ex.ExitCode;
            }
        });

    /// <summary>What a command body gets.</summary>
    private sealed record Context(ParseResult Parse, ApiClient Api, Output Output, Io Io, TimeSpan Interval);
}
