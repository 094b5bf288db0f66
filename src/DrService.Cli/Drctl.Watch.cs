using System.Text.Json;
using Spectre.Console;

namespace DrService.Cli;

public static partial class Drctl
{
    /// <summary>
    /// Polls the execution until it ends. For people: a live bar per step on a terminal, one line per step change
    /// otherwise, and the approve command when a gate waits. For scripts: the final document. Exit code from the phase.
    /// </summary>
    private static async Task<int> WatchAsync(Context c, string id, CancellationToken cancellationToken)
    {
        var path = $"/api/v1/executions/{Uri.EscapeDataString(id)}";
        JsonElement execution;
        if (c.Output.Json || !c.Io.Interactive)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                execution = await c.Api.GetAsync(path, cancellationToken);
                if (!c.Output.Json)
                {
                    ReportChanges(c, id, execution, seen);
                }
                if (Terminal.Contains(Output.Text(execution, "phase")))
                {
                    break;
                }
                await Task.Delay(c.Interval, TimeProvider.System, cancellationToken);
            }
        }
        else
        {
            execution = await LiveAsync(c, id, path, cancellationToken);
        }
        if (c.Output.Json)
        {
            c.Output.Document(execution);
        }
        else
        {
            c.Output.Console.WriteLine();
            ShowExecution(c.Output, execution);
        }
        return PhaseExit(Output.Text(execution, "phase"));
    }

    private static void ReportChanges(Context c, string id, JsonElement execution, Dictionary<string, string> seen)
    {
        var phase = Output.Text(execution, "phase");
        if (!seen.TryGetValue("", out var lastPhase) || lastPhase != phase)
        {
            seen[""] = phase;
            c.Output.Console.WriteLine($"{id}: {phase} ({Output.Text(execution, "progress.done")}/{Output.Text(execution, "progress.total")} steps)");
        }
        foreach (var step in ArrayOf(execution, "steps"))
        {
            var stepId = Output.Text(step, "id");
            var state = Output.Text(step, "state");
            if (seen.TryGetValue(stepId, out var last) && last == state)
            {
                continue;
            }
            seen[stepId] = state;
            var error = Output.Text(step, "error");
            c.Output.Console.WriteLine($"  {stepId,-28} {state,-18} {(Output.Text(step, "durationSeconds") is var d && d != "-" ? d : "")} {(error != "-" ? error : "")}".TrimEnd());
            if (state == "WaitingForApproval")
            {
                c.Output.Console.WriteLine($"  -> waiting for an approver: drctl approve {id} {stepId}   (or: drctl reject {id} {stepId} --reason ...)");
            }
        }
    }

    private static async Task<JsonElement> LiveAsync(Context c, string id, string path, CancellationToken cancellationToken)
    {
        var execution = await c.Api.GetAsync(path, cancellationToken);
        await c.Output.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var overall = ctx.AddTask($"[bold]{Markup.Escape(id)}[/]", maxValue: 1);
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                while (true)
                {
                    var steps = ArrayOf(execution, "steps");
                    overall.MaxValue = Math.Max(1, steps.Count);
                    overall.Value = steps.Count(s => Output.Text(s, "state") is "Succeeded" or "Skipped" or "Failed" or "Cancelled");
                    overall.Description = $"[bold]{Markup.Escape(id)}[/] {Markup.Escape(Output.Text(execution, "phase"))}";
                    foreach (var step in steps)
                    {
                        var stepId = Output.Text(step, "id");
                        if (!tasks.TryGetValue(stepId, out var task))
                        {
                            task = tasks[stepId] = ctx.AddTask(stepId, autoStart: false, maxValue: 1);
                        }
                        var state = Output.Text(step, "state");
                        task.Description = $"  {Markup.Escape(stepId)} [grey]{Markup.Escape(state)}[/]";
                        if (state == "Running" && !task.IsStarted)
                        {
                            task.StartTask();
                            task.IsIndeterminate = true;
                        }
                        if (state is "Succeeded" or "Skipped" or "Failed" or "Cancelled")
                        {
                            task.IsIndeterminate = false;
                            task.Value = 1;
                            task.StopTask();
                        }
                    }
                    ctx.Refresh();
                    if (Terminal.Contains(Output.Text(execution, "phase")))
                    {
                        overall.StopTask();
                        return;
                    }
                    await Task.Delay(c.Interval, TimeProvider.System, cancellationToken);
                    execution = await c.Api.GetAsync(path, cancellationToken);
                }
            });
        return execution;
    }
}
