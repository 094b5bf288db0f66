using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace DrService.Cli;

public static partial class Drctl
{
    private static readonly string[] Terminal = ["Succeeded", "PartiallyFailed", "Failed", "Cancelled", "Skipped"];

    private static void AddRunbookCommands(RootCommand root, Io io)
    {
        var runbooks = new Command("runbooks", "The runbooks the service knows (built-in and overrides).");
        Handle(runbooks, io, async (c, ct) =>
        {
            c.Output.Table(await c.Api.ListAsync("/api/v1/runbooks", ct), ("ID", "id"), ("KIND", "kind"), ("TIER", "tier"), ("TITLE", "title"));
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(runbooks);

        root.Subcommands.Add(PlanCommand(io));
        root.Subcommands.Add(DrillCommand(io));
        root.Subcommands.Add(SwitchCommand(io, "failover", "Failover", "Fail an application over to the DR region (production!)."));
        root.Subcommands.Add(SwitchCommand(io, "failback", "Failback", "Re-protect and switch an application back to its original region (production!)."));
        root.Subcommands.Add(DecisionCommand(io, "approve", "Approve a step waiting at its approval gate (approver role)."));
        root.Subcommands.Add(DecisionCommand(io, "reject", "Reject a step waiting at its approval gate: the execution fails (approver role)."));

        var id = new Argument<string>("execution") { Description = "The execution id" };
        var cancel = new Command("cancel", "Cancel an execution (a drill still cleans up what it created).");
        cancel.Arguments.Add(id);
        Handle(cancel, io, async (c, ct) =>
        {
            var result = await c.Api.PostAsync($"/api/v1/executions/{Uri.EscapeDataString(c.Parse.GetRequiredValue(id))}/cancel", new { }, ct);
            Done(c, result, $"Cancel requested for {c.Parse.GetRequiredValue(id)}.");
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(cancel);

        var show = new Command("show", "One execution with its steps.");
        var showId = new Argument<string>("execution") { Description = "The execution id" };
        show.Arguments.Add(showId);
        Handle(show, io, async (c, ct) =>
        {
            var execution = await c.Api.GetAsync($"/api/v1/executions/{Uri.EscapeDataString(c.Parse.GetRequiredValue(showId))}", ct);
            ShowExecution(c.Output, execution);
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(show);
    }

    private static Command PlanCommand(Io io)
    {
        var application = new Argument<string>("application") { Description = "The application's key" };
        var runbook = new Option<string?>("--runbook") { Description = "A runbook id (default: the application's failover runbook)" };
        var mode = new Option<string>("--mode") { Description = "drill or production", DefaultValueFactory = _ => "drill" };
        mode.AcceptOnlyFromAmong("drill", "production");
        var plan = new Command("plan", "Dry run: every step and every AWS call a runbook would make, without making any.");
        plan.Arguments.Add(application);
        plan.Options.Add(runbook);
        plan.Options.Add(mode);
        Handle(plan, io, async (c, ct) =>
        {
            var body = new
            {
                application = c.Parse.GetRequiredValue(application),
                runbook = c.Parse.GetValue(runbook),
                kind = "Failover",
                mode = Capitalise(c.Parse.GetValue(mode)!),
            };
            var result = await c.Api.PostAsync("/api/v1/plan", body, ct);
            if (c.Output.Json)
            {
                c.Output.Document(result);
                return ExitCodes.Ok;
            }
            c.Output.Console.MarkupLine($"[bold]{Markup.Escape(Output.Text(result, "runbook"))}[/] for {Markup.Escape(body.application)} ({body.mode}), nothing is called:");
            var tree = new Tree("plan");
            foreach (var step in ArrayOf(result, "steps"))
            {
                var label = $"{Output.Text(step, "id")}  [grey]{Markup.Escape(Output.Text(step, "action"))}[/]";
                if (Output.Text(step, "skipped") == "yes")
                {
                    label += " [grey](skipped in this mode)[/]";
                }
                if (Output.Text(step, "approval") is "yes" or "Required" or "ProductionOnly")
                {
                    label += " [yellow](approval gate)[/]";
                }
                var node = tree.AddNode(label);
                foreach (var call in ArrayOf(step, "calls"))
                {
                    node.AddNode(Markup.Escape($"{Output.Text(call, "service")}:{Output.Text(call, "operation")} {Output.Text(call, "target")} in {Output.Text(call, "region")}"));
                }
            }
            c.Output.Console.Write(tree);
            var inventory = ArrayOf(result, "inventory");
            if (inventory.Count > 0)
            {
                c.Output.Console.MarkupLine($"[bold]Inventory ({inventory.Count})[/]");
                foreach (var item in inventory)
                {
                    var copy = Output.Text(item, "copy");
                    c.Output.Console.MarkupLine(Markup.Escape($"  {Output.Text(item, "kind")}/{Output.Text(item, "id")}  ")
                        + (string.IsNullOrEmpty(copy) || copy == "-" ? "[red]no copy[/]" : Markup.Escape($"{copy}, data of {Output.Text(item, "recoveryPoint")}")));
                }
            }
            var problems = ArrayOf(result, "problems");
            if (problems.Count > 0)
            {
                // Two short lines each (a configuration key is long: one line would wrap mid-word at 80 columns).
                c.Output.Console.MarkupLine($"[bold]Problems ({problems.Count})[/]: errors refuse a start unless --accept-problems");
                foreach (var problem in problems)
                {
                    var item = Output.Text(problem, "item") is "-" ? Output.Text(problem, "application") : Output.Text(problem, "item");
                    var colour = Output.Text(problem, "severity") == "Error" ? "red" : "yellow";
                    c.Output.Console.MarkupLine($"  [{colour}]{Markup.Escape(Output.Text(problem, "severity").ToUpperInvariant()),-7}[/] {Markup.Escape($"{item}: {Output.Text(problem, "message")}")}");
                    c.Output.Console.MarkupLine(Markup.Escape($"          set {Output.Text(problem, "configKey")}"));
                }
            }
            return ExitCodes.Ok;
        });
        return plan;
    }

    private static Command DrillCommand(Io io)
    {
        var drill = new Command("drill", "Drills: run an application's failover runbook without touching production, and measure RTO/RPO.");

        var application = new Argument<string>("application") { Description = "The application's key" };
        var runbook = new Option<string?>("--runbook") { Description = "A runbook id (default: the application's drill/failover runbook)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow it to the end (exit code tells how it ended)" };
        var acceptProblems = AcceptProblemsOption();
        var start = new Command("start", "Start a drill.");
        start.Arguments.Add(application);
        start.Options.Add(runbook);
        start.Options.Add(watch);
        start.Options.Add(acceptProblems);
        Handle(start, io, async (c, ct) =>
        {
            var execution = await c.Api.PostAsync("/api/v1/drills",
                new { application = c.Parse.GetRequiredValue(application), runbook = c.Parse.GetValue(runbook), acceptProblems = c.Parse.GetValue(acceptProblems) }, ct);
            var id = Output.Text(execution, "id");
            if (!c.Parse.GetValue(watch))
            {
                Done(c, execution, $"Drill {id} started. Follow it with: drctl drill watch {id}");
                return ExitCodes.Ok;
            }
            return await WatchAsync(c, id, ct);
        });
        drill.Subcommands.Add(start);

        var id = new Argument<string>("drill") { Description = "The drill's execution id" };
        var watchCommand = new Command("watch", "Follow a drill live until it ends.");
        watchCommand.Arguments.Add(id);
        Handle(watchCommand, io, (c, ct) => WatchAsync(c, c.Parse.GetRequiredValue(id), ct));
        drill.Subcommands.Add(watchCommand);

        var reportId = new Argument<string>("drill") { Description = "The drill's execution id" };
        var report = new Command("report", "A finished drill's report: RTO/RPO achieved against the targets, step timings, clean-up.");
        report.Arguments.Add(reportId);
        Handle(report, io, async (c, ct) =>
        {
            var result = await c.Api.GetAsync($"/api/v1/drills/{Uri.EscapeDataString(c.Parse.GetRequiredValue(reportId))}/report", ct);
            if (!c.Output.Json)
            {
                c.Output.Fields(result, ("Drill", "executionId"), ("Application", "application"), ("Runbook", "runbook"), ("Phase", "phase"),
                    ("RTO achieved", "rtoSeconds"), ("RTO target", "rtoTargetSeconds"), ("RTO met", "rtoMet"),
                    ("RTO measured to", "rtoMeasuredTo"),
                    ("RPO achieved", "rpoSeconds"), ("RPO target", "rpoTargetSeconds"), ("RPO met", "rpoMet"), ("Clean-up", "cleanup.state"));
                RecoveredItems(c.Output, ArrayOf(result, "items"));
                c.Output.Table(ArrayOf(result, "steps"), ("STEP", "id"), ("STATE", "state"), ("DURATION", "durationSeconds"), ("ATTEMPTS", "attempts"));
            }
            else
            {
                c.Output.Document(result);
            }
            return PhaseExit(Output.Text(result, "phase"));
        });
        drill.Subcommands.Add(report);

        var listApp = new Option<string?>("--application", "-a") { Description = "Only this application's drills" };
        var list = new Command("list", "Drills, newest first.");
        list.Options.Add(listApp);
        Handle(list, io, async (c, ct) =>
        {
            var rows = await c.Api.ListAsync(ApiClient.WithQuery("/api/v1/drills?limit=100", "application", c.Parse.GetValue(listApp)), ct, max: 100);
            c.Output.Table(rows, ("ID", "id"), ("APPLICATION", "application"), ("RUNBOOK", "runbook"), ("PHASE", "phase"), ("STARTED", "startedAt"),
                ("RTO", "rtoSeconds"), ("RPO", "rpoSeconds"));
            return ExitCodes.Ok;
        });
        drill.Subcommands.Add(list);
        return drill;
    }

    /// <summary><c>failover</c> / <c>failback</c>: start (with a typed confirmation) and watch.</summary>
    private static Command SwitchCommand(Io io, string name, string kind, string description)
    {
        var command = new Command(name, description);
        var application = new Argument<string>("application") { Description = "The application's key" };
        var runbook = new Option<string?>("--runbook") { Description = $"A runbook id (default: the application's {name} runbook)" };
        var confirm = new Option<string?>("--confirm") { Description = "The application's name again: required, this changes production" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow it to the end (exit code tells how it ended)" };
        var acceptProblems = AcceptProblemsOption();
        var start = new Command("start", $"Start a {name} (asks to type the application name unless --confirm gives it).");
        start.Arguments.Add(application);
        start.Options.Add(runbook);
        start.Options.Add(confirm);
        start.Options.Add(watch);
        start.Options.Add(acceptProblems);
        Handle(start, io, async (c, ct) =>
        {
            var app = c.Parse.GetRequiredValue(application);
            var confirmation = c.Parse.GetValue(confirm);
            if (confirmation is null && c.Io.Interactive && c.Io.Input is not null)
            {
                await c.Io.Out.WriteAsync($"This starts a PRODUCTION {name} of '{app}'. Type the application name to confirm: ");
                confirmation = (await c.Io.Input.ReadLineAsync(ct))?.Trim();
            }
            if (!string.Equals(confirmation, app, StringComparison.Ordinal))
            {
                throw new DrctlException(ExitCodes.NotConfirmed, $"Not confirmed: pass --confirm {app} (the application's name) to start a production {name}.");
            }
            var execution = await c.Api.PostAsync("/api/v1/executions",
                new { runbook = c.Parse.GetValue(runbook), kind, application = app, mode = "Production", confirm = confirmation, acceptProblems = c.Parse.GetValue(acceptProblems) }, ct);
            var id = Output.Text(execution, "id");
            if (!c.Parse.GetValue(watch))
            {
                Done(c, execution, $"{kind} {id} started. Follow it with: drctl {name} watch {id}");
                return ExitCodes.Ok;
            }
            return await WatchAsync(c, id, ct);
        });
        command.Subcommands.Add(start);

        var id = new Argument<string>("execution") { Description = "The execution id" };
        var watchCommand = new Command("watch", $"Follow a {name} live until it ends.");
        watchCommand.Arguments.Add(id);
        Handle(watchCommand, io, (c, ct) => WatchAsync(c, c.Parse.GetRequiredValue(id), ct));
        command.Subcommands.Add(watchCommand);
        return command;
    }

    /// <summary>
    /// <c>--accept-problems</c>: start although the recovery inventory found errors (the service otherwise refuses with
    /// 422 and drctl exits <see cref="ExitCodes.RecoveryProblems"/>); the service audits the acceptance.
    /// </summary>
    private static Option<bool> AcceptProblemsOption() => new("--accept-problems")
    {
        Description = "Start even though the recovery inventory found errors (items with no DR copy...); audited",
    };

    private static Command DecisionCommand(Io io, string verb, string description)
    {
        var id = new Argument<string>("execution") { Description = "The execution id" };
        var step = new Argument<string>("step") { Description = "The step waiting for approval" };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the journal and the audit log)" };
        var command = new Command(verb, description);
        command.Arguments.Add(id);
        command.Arguments.Add(step);
        command.Options.Add(reason);
        Handle(command, io, async (c, ct) =>
        {
            var execution = c.Parse.GetRequiredValue(id);
            var stepId = c.Parse.GetRequiredValue(step);
            if (verb == "reject" && string.IsNullOrWhiteSpace(c.Parse.GetValue(reason)))
            {
                throw new DrctlException(ExitCodes.Usage, "A rejection needs --reason.");
            }
            var result = await c.Api.PostAsync(
                $"/api/v1/executions/{Uri.EscapeDataString(execution)}/steps/{Uri.EscapeDataString(stepId)}/{verb}", new { reason = c.Parse.GetValue(reason) }, ct);
            Done(c, result, $"{(verb == "approve" ? "Approved" : "Rejected")} step {stepId} of {execution}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Done(Context c, JsonElement result, string message)
    {
        if (c.Output.Json)
        {
            c.Output.Document(result);
        }
        else
        {
            c.Output.Console.WriteLine(message);
        }
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static int PhaseExit(string phase) => phase switch
    {
        "Succeeded" => ExitCodes.Ok,
        "Cancelled" => ExitCodes.RunCancelled,
        "Failed" or "PartiallyFailed" => ExitCodes.RunFailed,
        _ => ExitCodes.Ok,
    };

    private static void ShowExecution(Output output, JsonElement execution)
    {
        output.Fields(execution, ("Execution", "id"), ("Runbook", "runbook"), ("Application", "application"), ("Mode", "mode"), ("Phase", "phase"),
            ("Requested by", "requestedBy"), ("Started", "startedAt"), ("Ended", "endedAt"), ("Error", "error"));
        if (!output.Json)
        {
            output.Table(ArrayOf(execution, "steps"), ("STEP", "id"), ("ACTION", "action"), ("STATE", "state"), ("ATTEMPT", "attempt"),
                ("DURATION", "durationSeconds"), ("ERROR", "error"));
        }
    }

    /// <summary>
    /// Each recovered item on two short lines (ids are long: a table of seven columns wraps them mid-word at 80 columns):
    /// what it was and how it went, then what serves it now, the copy it came from and that copy's recovery point.
    /// </summary>
    private static void RecoveredItems(Output output, List<JsonElement> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        output.Console.WriteLine();
        output.Console.MarkupLine($"[bold]Recovered items ({items.Count})[/]");
        foreach (var item in items)
        {
            output.Console.MarkupLine(Spectre.Console.Markup.Escape(
                $"  {Output.Text(item, "kind")}/{Output.Text(item, "source")}  {Output.Text(item, "state")}  {Output.Text(item, "durationSeconds")}"));
            output.Console.MarkupLine(Spectre.Console.Markup.Escape(
                $"    as {Output.Text(item, "recovered")} from {Output.Text(item, "copy")}, data of {Output.Text(item, "recoveryPoint")}"));
        }
        output.Console.WriteLine();
    }
}
