using DrService.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var io = new Drctl.Io(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Console.In,
    Interactive: !Console.IsOutputRedirected && !Console.IsInputRedirected);
return await Drctl.RunAsync(args, io, cancellation.Token);
