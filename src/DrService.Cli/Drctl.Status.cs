using System.CommandLine;
using System.Text.Json;

namespace DrService.Cli;

public static partial class Drctl
{
    private static void AddStatusCommands(RootCommand root, Io io)
    {
        var status = new Command("status", "Could every application fail over now? Worst first. Exit 6 when one is NotReady.");
        Handle(status, io, async (c, ct) =>
        {
            var rows = await c.Api.ListAsync("/api/v1/readiness?limit=500", ct);
            c.Output.Table(rows,
                ("APPLICATION", "application"), ("VERDICT", "verdict"), ("TIER", "inputs.tier"), ("DATA LOSS", "estimatedDataLossSeconds"),
                ("RPO TARGET", "inputs.rpoSeconds"), ("WITNESS", "inputs.witness"), ("REASON", "reasons"));
            return rows.Any(r => Output.Text(r, "verdict") == "NotReady") ? ExitCodes.NotReady : ExitCodes.Ok;
        });
        root.Subcommands.Add(status);

        var apps = new Command("apps", "Applications with their tier, worst RPO state and resources.");
        Handle(apps, io, async (c, ct) =>
        {
            var rows = await c.Api.ListAsync("/api/v1/backups?limit=500", ct);
            if (c.Output.Json)
            {
                c.Output.Documents(rows);
                return ExitCodes.Ok;
            }
            c.Output.Table(rows.Select(r => Flatten(r, ("resources", Count(r, "resources")))).ToList(),
                ("APPLICATION", "application"), ("TIER", "tier"), ("RPO TARGET", "rpoTargetSeconds"), ("WORST RPO", "worstRpo"), ("RESOURCES", "resources"));
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(apps);

        var application = new Argument<string>("application") { Description = "The application's key in DrService:Applications" };
        var copies = new Command("copies", "An application's protected resources: newest copy, its age against the RPO, errors.");
        copies.Arguments.Add(application);
        Handle(copies, io, async (c, ct) =>
        {
            var app = await c.Api.GetAsync($"/api/v1/backups/{Uri.EscapeDataString(c.Parse.GetRequiredValue(application))}", ct);
            if (c.Output.Json)
            {
                c.Output.Document(app);
                return ExitCodes.Ok;
            }
            var resources = app.TryGetProperty("resources", out var list) ? list.EnumerateArray().ToList() : [];
            c.Output.Table(resources,
                ("KIND", "kind"), ("RESOURCE", "resourceId"), ("REGION", "region"), ("NEWEST COPY", "newestCopyId"), ("COPIES", "copyCount"),
                ("RPO", "rpoState"), ("AGE", "rpoAgeSeconds"), ("ERROR", "errorCode"));
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(copies);

        var job = new Option<string?>("--job") { Description = "Only runs of this job (e.g. backup-orders, monitoring)" };
        var limit = new Option<int>("--limit") { Description = "How many runs", DefaultValueFactory = _ => 30 };
        var runs = new Command("runs", "Recent job runs (backup cycles, monitoring, housekeeping), newest first.");
        runs.Options.Add(job);
        runs.Options.Add(limit);
        Handle(runs, io, async (c, ct) =>
        {
            var path = ApiClient.WithQuery($"/api/v1/jobs/runs?limit={Math.Clamp(c.Parse.GetValue(limit), 1, 500)}", "job", c.Parse.GetValue(job));
            var page = await c.Api.GetAsync(path, ct);
            var rows = page.ValueKind == JsonValueKind.Array ? page.EnumerateArray().ToList()
                : page.TryGetProperty("items", out var items) ? items.EnumerateArray().ToList() : [];
            c.Output.Table(rows, ("KEY", "key"), ("JOB", "job"), ("APPLICATION", "application"), ("TRIGGER", "trigger"), ("PHASE", "phase"),
                ("SCHEDULED", "scheduledAt"), ("ERROR", "error"));
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(runs);

        var advisorApp = new Argument<string?>("application") { Description = "One application (with the stricter-target table)", Arity = ArgumentArity.ZeroOrOne };
        var advisor = new Command("advisor", "Monthly cost against expected RTO/RPO per tier, and the recommended tier.");
        advisor.Arguments.Add(advisorApp);
        Handle(advisor, io, async (c, ct) =>
        {
            var app = c.Parse.GetValue(advisorApp);
            if (app is not null)
            {
                var one = await c.Api.GetAsync($"/api/v1/advisor/{Uri.EscapeDataString(app)}", ct);
                if (c.Output.Json)
                {
                    c.Output.Document(one);
                    return ExitCodes.Ok;
                }
                c.Output.Table(ArrayOf(one, "tiers"));
                c.Output.Table(ArrayOf(one, "stricterTargets"));
                return ExitCodes.Ok;
            }
            c.Output.Table(await c.Api.ListAsync("/api/v1/advisor?limit=500", ct));
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(advisor);
    }

    private static List<JsonElement> ArrayOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : [];

    private static int Count(JsonElement element, string name) => ArrayOf(element, name).Count;

    /// <summary>The element with one property replaced (for a computed column).</summary>
    private static JsonElement Flatten(JsonElement element, (string Name, int Value) replacement)
    {
        var copy = System.Text.Json.Nodes.JsonNode.Parse(element.GetRawText())!.AsObject();
        copy[replacement.Name] = replacement.Value;
        return JsonSerializer.SerializeToElement(copy);
    }
}
