using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace DrService.Cli;

/// <summary>How results are shown: tables for people, indented JSON (the service's own documents) for scripts.</summary>
public sealed class Output(IAnsiConsole console, TextWriter raw, bool json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public IAnsiConsole Console { get; } = console;

    public bool Json { get; } = json;

    public void Document(JsonElement value) => raw.WriteLine(JsonSerializer.Serialize(value, Indented));

    public void Documents(IReadOnlyList<JsonElement> values) => raw.WriteLine(JsonSerializer.Serialize(values, Indented));

    /// <summary>A table of the named properties (dotted paths reach into objects); missing values show as "-".</summary>
    public void Table(IReadOnlyList<JsonElement> rows, params (string Header, string Path)[] columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Json)
        {
            Documents(rows);
            return;
        }
        if (rows.Count == 0)
        {
            Console.MarkupLine("[grey](none)[/]");
            return;
        }
        if (columns.Length == 0)
        {
            columns = ScalarColumns(rows);
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var (header, _) in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }
        foreach (var row in rows)
        {
            table.AddRow(columns.Select(c => Cell(c.Path, Text(row, c.Path))).ToArray());
        }
        Console.Write(table);
    }

    /// <summary>One object as "name: value" lines (scalars only) for people, or the document for scripts.</summary>
    public void Fields(JsonElement value, params (string Label, string Path)[] fields)
    {
        if (Json)
        {
            Document(value);
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        foreach (var (label, path) in fields)
        {
            grid.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), Cell(path, Text(value, path)));
        }
        Console.Write(grid);
    }

    public static string Text(JsonElement element, string path)
    {
        var current = element;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !TryGetCaseInsensitive(current, part, out current))
            {
                return "-";
            }
        }
        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString() ?? "-",
            JsonValueKind.Number => FormatNumber(path, current.GetDouble()),
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            JsonValueKind.Null or JsonValueKind.Undefined => "-",
            JsonValueKind.Array => string.Join(", ", current.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
            _ => current.GetRawText(),
        };
    }

    /// <summary>Seconds read as durations ("1h 02m"), other numbers as they are.</summary>
    public static string FormatNumber(string path, double value) =>
        path.EndsWith("Seconds", StringComparison.OrdinalIgnoreCase) ? Duration(value) : value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Abs(seconds));
        var sign = seconds < 0 ? "-" : "";
        return span.TotalDays >= 1 ? $"{sign}{(int)span.TotalDays}d {span.Hours:00}h"
            : span.TotalHours >= 1 ? $"{sign}{(int)span.TotalHours}h {span.Minutes:00}m"
            : span.TotalMinutes >= 1 ? $"{sign}{span.Minutes}m {span.Seconds:00}s"
            : $"{sign}{span.TotalSeconds:0.#}s";
    }

    private static bool TryGetCaseInsensitive(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>States get a colour and keep their word, so the table reads without colour too.</summary>
    private static Markup Cell(string path, string text)
    {
        var colour = text switch
        {
            "Ready" or "Succeeded" or "Healthy" or "yes" when !path.Contains("error", StringComparison.OrdinalIgnoreCase) => "green",
            "AtRisk" or "Degraded" or "Paused" or "WaitingForApproval" or "Running" or "Pending" or "WaitingForAws" => "yellow",
            "NotReady" or "Failed" or "PartiallyFailed" or "Unhealthy" or "Down" or "Cancelled" => "red",
            _ => null,
        };
        var escaped = Markup.Escape(text);
        return new Markup(colour is null ? escaped : $"[{colour}]{escaped}[/]");
    }

    private static (string, string)[] ScalarColumns(IReadOnlyList<JsonElement> rows) =>
        rows[0].ValueKind != JsonValueKind.Object
            ? [("value", "")]
            : rows[0].EnumerateObject()
                .Where(p => p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                .Take(8)
                .Select(p => (p.Name, p.Name))
                .ToArray();
}
