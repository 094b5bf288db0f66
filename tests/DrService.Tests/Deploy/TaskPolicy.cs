using System.Text.Json.Nodes;
using DrService.Testing;

namespace DrService.Tests.Deploy;

/// <summary>One statement of an IAM policy document, with Action and Resource normalized to lists.</summary>
public sealed record PolicyStatement(string Sid, string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, JsonObject? Condition)
{
    /// <summary>The value(s) of <paramref name="key"/> under condition operator <paramref name="op"/>; empty when absent.</summary>
    public IReadOnlyList<string> ConditionValues(string op, string key) =>
        Condition?[op]?[key] is { } node ? PolicyDocument.Strings(node) : [];
}

/// <summary>The task role's policy, <c>deploy/iam/drservice-task-policy.json</c>.</summary>
public static class PolicyDocument
{
    public static string PathOf => Path.Combine(Repository.Root, "deploy", "iam", "drservice-task-policy.json");

    public static JsonNode Load() => JsonNode.Parse(File.ReadAllText(PathOf))!;

    public static IReadOnlyList<PolicyStatement> Statements(JsonNode document) =>
        [.. document["Statement"]!.AsArray().Select(s => new PolicyStatement(
            (string?)s!["Sid"] ?? "(no Sid)",
            (string)s["Effect"]!,
            Strings(s["Action"]),
            Strings(s["Resource"]),
            s["Condition"]?.AsObject()))];

    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => (string)n!)],
        _ => [(string)node!],
    };
}
