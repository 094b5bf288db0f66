using System.Text.Json;

namespace DrService.Testing.Models;

/// <summary>One botocore shape as dumped by <c>botocore_shapes.py</c>: its type, the constraints the model states (min/max,
/// pattern, enum, required members) and, for structures, lists and maps, its children by wire name.</summary>
public sealed class ShapeNode
{
    public required string Type { get; init; }

    public long? Min { get; init; }

    public long? Max { get; init; }

    public string? Pattern { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public IReadOnlyList<string> Required { get; init; } = [];

    public IReadOnlyDictionary<string, ShapeNode> Members { get; init; } = new Dictionary<string, ShapeNode>();

    public ShapeNode? Item { get; init; }

    public string ItemName { get; init; } = "member";

    public bool Flattened { get; init; }

    public ShapeNode? MapValue { get; init; }

    /// <summary>uri, querystring or header for rest-xml members not in the body; null in the body (or for Query).</summary>
    public string? Location { get; init; }

    public string? LocationName { get; init; }

    /// <summary>The member's documentation, HTML stripped (many limits live only here).</summary>
    public string Documentation { get; init; } = string.Empty;

    public bool IsStructure => Type == "structure";

    public bool IsList => Type == "list";

    public bool IsMap => Type == "map";

    internal static ShapeNode Read(JsonElement e) => new()
    {
        Type = e.GetProperty("t").GetString()!,
        Min = e.TryGetProperty("min", out var min) ? (long)min.GetDouble() : null,
        Max = e.TryGetProperty("max", out var max) ? (long)max.GetDouble() : null,
        Pattern = e.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null,
        Enum = e.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : null,
        Required = e.TryGetProperty("req", out var req) ? [.. req.EnumerateArray().Select(v => v.GetString()!)] : [],
        Members = e.TryGetProperty("m", out var members)
            ? members.EnumerateObject().ToDictionary(p => p.Name, p => Read(p.Value), StringComparer.Ordinal)
            : new Dictionary<string, ShapeNode>(),
        Item = e.TryGetProperty("item", out var item) ? Read(item) : null,
        ItemName = e.TryGetProperty("itemName", out var itemName) ? itemName.GetString()! : "member",
        Flattened = e.TryGetProperty("flat", out var flat) && flat.GetBoolean(),
        MapValue = e.TryGetProperty("value", out var value) ? Read(value) : null,
        Location = e.TryGetProperty("loc", out var loc) ? loc.GetString() : null,
        LocationName = e.TryGetProperty("locName", out var locName) ? locName.GetString() : null,
        Documentation = e.TryGetProperty("doc", out var doc) ? doc.GetString()! : string.Empty,
    };
}
