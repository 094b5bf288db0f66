using System.Globalization;
using System.Text.Json;
using DrService.Runbooks.Actions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DrService.Runbooks.Definitions;

/// <summary>
/// Reads a runbook from YAML or JSON text and validates it, collecting every error (each names the source, the step
/// and the field) instead of stopping at the first. With a catalog, actions, inputs and outputs are checked too.
/// </summary>
public static partial class RunbookLoader
{
    /// <summary>Parses and validates. JSON when the source ends in <c>.json</c> or the text starts with '{'.</summary>
    public static RunbookLoadResult Load(string text, string sourceName, IStepActionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var errors = new List<RunbookValidationError>();
        object? tree;
        try
        {
            tree = IsJson(text, sourceName) ? FromJson(text) : FromYaml(text);
        }
        catch (YamlException e)
        {
            errors.Add(new(sourceName, null, $"line {e.Start.Line}", $"not valid YAML: {e.Message}"));
            return new RunbookLoadResult(null, errors);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet throws this (not YamlException) on some malformed flow collections.
            errors.Add(new(sourceName, null, "(document)", $"not valid YAML: {e.Message}"));
            return new RunbookLoadResult(null, errors);
        }
        catch (JsonException e)
        {
            errors.Add(new(sourceName, null, $"line {(e.LineNumber ?? 0) + 1}", $"not valid JSON: {e.Message}"));
            return new RunbookLoadResult(null, errors);
        }
        var definition = new ShapeReader(sourceName, errors).Read(tree);
        if (definition is not null)
        {
            RunbookValidator.Validate(definition, sourceName, catalog, errors);
        }
        return new RunbookLoadResult(errors.Count == 0 ? definition : null, errors);
    }

    /// <summary><see cref="Load"/>, throwing <see cref="RunbookValidationException"/> with every error.</summary>
    public static RunbookDefinition LoadOrThrow(string text, string sourceName, IStepActionCatalog? catalog = null) =>
        Load(text, sourceName, catalog).GetOrThrow();

    /// <summary>Validates a definition built in code (the same rules as loading).</summary>
    public static RunbookLoadResult Validate(RunbookDefinition definition, string sourceName, IStepActionCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<RunbookValidationError>();
        RunbookValidator.Validate(definition, sourceName, catalog, errors);
        return new RunbookLoadResult(errors.Count == 0 ? definition : null, errors);
    }

    private static bool IsJson(string text, string sourceName) =>
        sourceName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');

    // Both formats become the same plain tree: dictionaries, lists and strings.
    private static object? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : FromYamlNode(stream.Documents[0].RootNode);
    }

    private static object? FromYamlNode(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            kv => kv.Key is YamlScalarNode key ? key.Value ?? "" : kv.Key.ToString(), kv => FromYamlNode(kv.Value), StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(FromYamlNode).ToList(),
        YamlScalarNode scalar when scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" => null,
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    private static object? FromJson(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return FromJsonElement(document.RootElement);
    }

    private static object? FromJsonElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJsonElement(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJsonElement).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Ordinal(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
