using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DrService.Tests.Deploy;

/// <summary>One resource of a request: its ARN and the tags it carries now (empty for a resource being created).</summary>
public sealed record IamResource(string Arn, IReadOnlyDictionary<string, string>? Tags = null)
{
    public IReadOnlyDictionary<string, string> CurrentTags => Tags ?? new Dictionary<string, string>();
}

/// <summary>
/// One authorization request, the way IAM sees it: an action, every resource the request touches, the tags the request
/// sets (<c>aws:RequestTag/*</c>, <c>aws:TagKeys</c>) and any other context keys (<c>ec2:CreateAction</c>,
/// <c>kms:ViaService</c>...).
/// </summary>
public sealed record IamRequest(
    string Action,
    IReadOnlyList<IamResource> Resources,
    IReadOnlyDictionary<string, string>? RequestTags = null,
    IReadOnlyDictionary<string, string>? Context = null)
{
    public override string ToString() =>
        $"{Action} on [{string.Join(", ", Resources.Select(r => r.Arn + (r.CurrentTags.Count > 0 ? "{" + string.Join(",", r.CurrentTags.Select(t => $"{t.Key}={t.Value}")) + "}" : "")))}]"
        + (RequestTags is { Count: > 0 } ? $" tagging {{{string.Join(",", RequestTags.Select(t => $"{t.Key}={t.Value}"))}}}" : "")
        + (Context is { Count: > 0 } ? $" with {{{string.Join(",", Context.Select(t => $"{t.Key}={t.Value}"))}}}" : "");
}

/// <summary>The answer: allowed or not, and per resource which statements allowed or denied it.</summary>
public sealed record IamDecision(bool Allowed, IReadOnlyList<string> Reasons)
{
    public override string ToString() => (Allowed ? "allowed" : "DENIED") + ": " + string.Join("; ", Reasons);
}

/// <summary>
/// A small evaluator of identity-based IAM policies, the way the IAM policy simulator evaluates one policy: a request
/// is allowed when every resource in it is allowed; a resource is allowed when no matching statement denies it and at
/// least one matching statement allows it (implicit deny otherwise). A statement matches when its Action matches
/// (case-insensitive, <c>*</c> and <c>?</c>), its Resource matches the ARN (case-sensitive; a wildcard stays within
/// its ARN segment unless it ends the segment) and every condition in its Condition block holds, evaluated against
/// that resource's context (<c>aws:ResourceTag/</c> and <c>ec2:ResourceTag/</c> are the resource's own tags: IAM
/// evaluates them for each resource the statement's Resource matches). Sources: the IAM User Guide, "Policy evaluation
/// logic", "IAM JSON policy elements: Resource" (wildcards in ARN segments) and "Condition operators" (set operators,
/// Null, negated operators on missing keys). Elements it does not understand (NotAction, NotResource, Principal,
/// policy variables, other operators) fail loudly rather than being ignored.
/// </summary>
public static class IamPolicyEvaluator
{
    public static IamDecision Evaluate(JsonNode policy, IamRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string[] unsupported = ["NotAction", "NotResource", "Principal", "NotPrincipal"];
        foreach (var statement in policy["Statement"]!.AsArray())
        {
            if (unsupported.FirstOrDefault(e => statement!.AsObject().ContainsKey(e)) is { } element)
            {
                throw new NotSupportedException($"{(string?)statement!["Sid"]}: {element} is not supported by the evaluator");
            }
        }
        return Evaluate(PolicyDocument.Statements(policy), request);
    }

    public static IamDecision Evaluate(IReadOnlyList<PolicyStatement> statements, IamRequest request)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resources.Count == 0)
        {
            throw new ArgumentException("a request names at least one resource (\"*\" for actions without resource types)", nameof(request));
        }
        var reasons = new List<string>();
        var allowed = true;
        foreach (var resource in request.Resources)
        {
            var context = ContextFor(request, resource);
            var matching = statements.Where(s => Matches(s, request.Action, resource.Arn, context)).ToList();
            var denies = matching.Where(s => s.Effect == "Deny").ToList();
            var allows = matching.Where(s => s.Effect == "Allow").ToList();
            if (denies.Count > 0)
            {
                allowed = false;
                reasons.Add($"{resource.Arn}: explicitly denied by {string.Join(", ", denies.Select(s => s.Sid))}");
            }
            else if (allows.Count == 0)
            {
                allowed = false;
                reasons.Add($"{resource.Arn}: no statement allows it");
            }
            else
            {
                reasons.Add($"{resource.Arn}: allowed by {string.Join(", ", allows.Select(s => s.Sid))}");
            }
        }
        return new IamDecision(allowed, reasons);
    }

    /// <summary>The request context for one resource: multi-valued keys (aws:TagKeys) have several values.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ContextFor(IamRequest request, IamResource resource)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in request.Context ?? new Dictionary<string, string>())
        {
            context[key] = [value];
        }
        if (request.RequestTags is { Count: > 0 } requestTags)
        {
            foreach (var (key, value) in requestTags)
            {
                context[$"aws:RequestTag/{key}"] = [value];
            }
            context["aws:TagKeys"] = [.. requestTags.Keys];
        }
        foreach (var (key, value) in resource.CurrentTags)
        {
            context[$"aws:ResourceTag/{key}"] = [value];
            context[$"ec2:ResourceTag/{key}"] = [value];
        }
        return context;
    }

    private static bool Matches(PolicyStatement statement, string action, string arn, Dictionary<string, IReadOnlyList<string>> context) =>
        statement.Actions.Any(a => Glob(a, action, ignoreCase: true))
        && statement.Resources.Any(r => ArnMatches(r, arn))
        && ConditionsHold(statement, context);

    private static bool ConditionsHold(PolicyStatement statement, Dictionary<string, IReadOnlyList<string>> context)
    {
        if (statement.Condition is null)
        {
            return true;
        }
        foreach (var (op, block) in statement.Condition)
        {
            foreach (var (key, values) in block!.AsObject())
            {
                var expected = PolicyDocument.Strings(values);
                if (expected.Any(v => v.Contains("${", StringComparison.Ordinal)))
                {
                    throw new NotSupportedException($"{statement.Sid}: policy variables are not supported by the evaluator ({key})");
                }
                if (!Holds(op, key, expected, context.GetValueOrDefault(key), statement.Sid))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>One condition: operator, key, the policy's values (OR-ed) and the request's values of the key (null: absent).</summary>
    public static bool Holds(string op, string key, IReadOnlyList<string> expected, IReadOnlyList<string>? actual, string where = "")
    {
        if (op == "Null")
        {
            var wantAbsent = expected.Count == 1 ? bool.Parse(expected[0]) : throw new NotSupportedException($"{where}: Null takes one value ({key})");
            return (actual is null) == wantAbsent;
        }
        var set = op.StartsWith("ForAnyValue:", StringComparison.Ordinal) ? "any"
            : op.StartsWith("ForAllValues:", StringComparison.Ordinal) ? "all" : null;
        var name = set is null ? op : op[(op.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var ifExists = name.EndsWith("IfExists", StringComparison.Ordinal);
        if (ifExists)
        {
            name = name[..^"IfExists".Length];
        }
        var (negated, match) = Operator(name, where);
        bool One(string value) => negated ? !expected.Any(e => match(e, value)) : expected.Any(e => match(e, value));

        switch (set)
        {
            case "any":
                return actual is { Count: > 0 } && actual.Any(One);          // an absent or empty key: false
            case "all":
                return actual is null || actual.All(One);                    // an absent or empty key: true
            default:
                if (actual is null)
                {
                    return ifExists || negated;                              // negated operators hold on a missing key
                }
                if (actual.Count != 1)
                {
                    throw new NotSupportedException($"{where}: {op} on multi-valued key {key}: use ForAnyValue:/ForAllValues:");
                }
                return One(actual[0]);
        }
    }

    private static (bool Negated, Func<string, string, bool> Match) Operator(string name, string where) => name switch
    {
        "StringEquals" => (false, (e, v) => string.Equals(e, v, StringComparison.Ordinal)),
        "StringNotEquals" => (true, (e, v) => string.Equals(e, v, StringComparison.Ordinal)),
        "StringEqualsIgnoreCase" => (false, (e, v) => string.Equals(e, v, StringComparison.OrdinalIgnoreCase)),
        "StringNotEqualsIgnoreCase" => (true, (e, v) => string.Equals(e, v, StringComparison.OrdinalIgnoreCase)),
        "StringLike" => (false, (e, v) => Glob(e, v, ignoreCase: false)),
        "StringNotLike" => (true, (e, v) => Glob(e, v, ignoreCase: false)),
        "ArnLike" or "ArnEquals" => (false, ArnMatches),
        "ArnNotLike" or "ArnNotEquals" => (true, ArnMatches),
        "Bool" => (false, (e, v) => string.Equals(e, v, StringComparison.OrdinalIgnoreCase)),
        _ => throw new NotSupportedException($"{where}: condition operator {name} is not supported by the evaluator: add it with a test"),
    };

    /// <summary>
    /// An ARN pattern: <c>*</c> alone matches everything; otherwise <c>*</c> and <c>?</c> stay within a colon-separated
    /// segment, except a <c>*</c> that ends a segment, which may extend across colons (IAM User Guide, "Using wildcards
    /// in resource ARNs").
    /// </summary>
    public static bool ArnMatches(string pattern, string arn)
    {
        if (pattern == "*")
        {
            return true;
        }
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            regex.Append(c switch
            {
                '*' => i == pattern.Length - 1 || pattern[i + 1] == ':' ? ".*" : "[^:]*",
                '?' => "[^:]",
                _ => Regex.Escape(c.ToString()),
            });
        }
        return Regex.IsMatch(arn, regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>A string pattern with <c>*</c> (any run) and <c>?</c> (one character).</summary>
    public static bool Glob(string pattern, string value, bool ignoreCase)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}
