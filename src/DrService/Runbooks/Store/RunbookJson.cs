using System.Text.Json;
using System.Text.Json.Serialization;
using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Store;

/// <summary>How runbook definitions, parameters and journal data are stored as JSON (enums as strings).</summary>
internal static class RunbookJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static RunbookDefinition Definition(string json) =>
        JsonSerializer.Deserialize<RunbookDefinition>(json, Options) ?? throw new InvalidOperationException("A stored runbook definition is empty.");

    public static IReadOnlyDictionary<string, string> Map(string? json) =>
        string.IsNullOrEmpty(json) ? Empty : JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? new Dictionary<string, string>();

    public static string? MapOrNull(IReadOnlyDictionary<string, string>? map) => map is null ? null : Serialize(map);
}
