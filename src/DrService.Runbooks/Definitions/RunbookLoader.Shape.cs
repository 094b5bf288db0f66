using System.Globalization;

namespace DrService.Runbooks.Definitions;

public static partial class RunbookLoader
{
    /// <summary>Turns the plain tree into a definition; every field of the wrong type or shape is an error.</summary>
    private sealed class ShapeReader(string source, List<RunbookValidationError> errors)
    {
        private static readonly string[] RunbookFields = ["id", "title", "description", "kind", "tier", "steps"];
        private static readonly string[] StepFields = ["id", "action", "title", "inputs", "dependsOn", "timeout", "retry", "approval", "undo", "runIn", "marksRecovery", "forEach", "when"];
        private static readonly string[] RetryFields = ["maxAttempts", "delay", "multiplier"];

        public RunbookDefinition? Read(object? tree)
        {
            if (tree is not Dictionary<string, object?> root)
            {
                Error(null, "(document)", "expected a mapping with id, kind and steps");
                return null;
            }
            UnknownFields(root, RunbookFields, null, "");
            var id = Text(root, "id", null, "");
            if (string.IsNullOrWhiteSpace(id))
            {
                Error(null, "id", "is required");
            }
            var kind = RunbookKind.Custom;
            var kindText = Text(root, "kind", null, "");
            if (kindText is null)
            {
                Error(null, "kind", "is required (failover, failback, drill or custom)");
            }
            else if (!Enum.TryParse(kindText, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || char.IsDigit(kindText[0]))
            {
                Error(null, "kind", $"'{kindText}' is not one of failover, failback, drill, custom");
            }
            var steps = new List<StepDefinition>();
            if (root.TryGetValue("steps", out var stepsNode) && stepsNode is not null)
            {
                if (stepsNode is List<object?> list)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (ReadStep(list[i], i) is { } step)
                        {
                            steps.Add(step);
                        }
                    }
                }
                else
                {
                    Error(null, "steps", "expected a list of steps");
                }
            }
            return new RunbookDefinition
            {
                Id = id ?? "",
                Title = Text(root, "title", null, ""),
                Description = Text(root, "description", null, ""),
                Kind = kind,
                Tier = Text(root, "tier", null, ""),
                Steps = steps,
            };
        }

        private StepDefinition? ReadStep(object? node, int index)
        {
            if (node is not Dictionary<string, object?> map)
            {
                Error($"#{Ordinal(index)}", "(step)", "expected a mapping with id and action");
                return null;
            }
            var id = Text(map, "id", $"#{Ordinal(index)}", "") ?? "";
            var stepName = id.Length > 0 ? id : $"#{Ordinal(index)}";
            UnknownFields(map, StepFields, stepName, "");
            var step = new StepDefinition
            {
                Id = id,
                Action = Text(map, "action", stepName, "") ?? "",
                Title = Text(map, "title", stepName, ""),
                Inputs = Inputs(map, stepName),
                DependsOn = List(map, "dependsOn", stepName),
                Timeout = Duration(map, "timeout", stepName, ""),
                Retry = Retry(map, stepName),
                Approval = Choice(map, "approval", stepName, ApprovalMode.None,
                    ("none", ApprovalMode.None), ("required", ApprovalMode.Required), ("productionOnly", ApprovalMode.ProductionOnly)),
                Undo = Text(map, "undo", stepName, ""),
                RunIn = Choice(map, "runIn", stepName, StepModes.Both,
                    ("both", StepModes.Both), ("production", StepModes.Production), ("drill", StepModes.Drill)),
                MarksRecovery = Bool(map, "marksRecovery", stepName),
                ForEach = Text(map, "forEach", stepName, ""),
                When = Text(map, "when", stepName, ""),
            };
            return step;
        }

        private Dictionary<string, string> Inputs(Dictionary<string, object?> map, string step)
        {
            var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!map.TryGetValue("inputs", out var node) || node is null)
            {
                return inputs;
            }
            if (node is not Dictionary<string, object?> values)
            {
                Error(step, "inputs", "expected a mapping of input names to values");
                return inputs;
            }
            foreach (var (name, value) in values)
            {
                if (value is null or string)
                {
                    inputs[name] = (string?)value ?? "";
                }
                else
                {
                    Error(step, $"inputs.{name}", "expected a single value (text, number or true/false), not a list or mapping");
                }
            }
            return inputs;
        }

        private List<string> List(Dictionary<string, object?> map, string field, string step)
        {
            if (!map.TryGetValue(field, out var node) || node is null)
            {
                return [];
            }
            if (node is string single)
            {
                return [single];
            }
            if (node is List<object?> items && items.All(i => i is string))
            {
                return items.Cast<string>().ToList();
            }
            Error(step, field, "expected a list of step ids");
            return [];
        }

        private RetryPolicy Retry(Dictionary<string, object?> map, string step)
        {
            if (!map.TryGetValue("retry", out var node) || node is null)
            {
                return RetryPolicy.None;
            }
            if (node is not Dictionary<string, object?> retry)
            {
                Error(step, "retry", "expected a mapping with maxAttempts, delay and multiplier");
                return RetryPolicy.None;
            }
            UnknownFields(retry, RetryFields, step, "retry.");
            var attempts = 1;
            if (Text(retry, "maxAttempts", step, "retry.") is { } attemptsText
                && !int.TryParse(attemptsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out attempts))
            {
                Error(step, "retry.maxAttempts", $"'{attemptsText}' is not a whole number");
                attempts = 1;
            }
            var multiplier = 2.0;
            if (Text(retry, "multiplier", step, "retry.") is { } multiplierText
                && !double.TryParse(multiplierText, NumberStyles.Float, CultureInfo.InvariantCulture, out multiplier))
            {
                Error(step, "retry.multiplier", $"'{multiplierText}' is not a number");
                multiplier = 2.0;
            }
            return new RetryPolicy(attempts, Duration(retry, "delay", step, "retry.") ?? TimeSpan.Zero, multiplier);
        }

        private TimeSpan? Duration(Dictionary<string, object?> map, string field, string step, string prefix)
        {
            var text = Text(map, field, step, prefix);
            if (text is null)
            {
                return null;
            }
            if (Durations.TryParse(text, out var value))
            {
                return value;
            }
            Error(step, prefix + field, $"'{text}' is not a duration (e.g. 30s, 5m, 1h30m or 00:05:00)");
            return null;
        }

        private T Choice<T>(Dictionary<string, object?> map, string field, string step, T fallback, params (string Name, T Value)[] choices)
        {
            var text = Text(map, field, step, "");
            if (text is null)
            {
                return fallback;
            }
            foreach (var (name, value) in choices)
            {
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
            Error(step, field, $"'{text}' is not one of {string.Join(", ", choices.Select(c => c.Name))}");
            return fallback;
        }

        private bool Bool(Dictionary<string, object?> map, string field, string step)
        {
            var text = Text(map, field, step, "");
            if (text is null)
            {
                return false;
            }
            if (bool.TryParse(text, out var value))
            {
                return value;
            }
            Error(step, field, $"'{text}' is not true or false");
            return false;
        }

        private string? Text(Dictionary<string, object?> map, string field, string? step, string prefix)
        {
            if (!map.TryGetValue(field, out var node) || node is null)
            {
                return null;
            }
            if (node is string text)
            {
                return text;
            }
            Error(step, prefix + field, "expected a single value, not a list or mapping");
            return null;
        }

        private void UnknownFields(Dictionary<string, object?> map, string[] known, string? step, string prefix)
        {
            foreach (var key in map.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
            {
                Error(step, prefix + key, $"unknown field (expected one of {string.Join(", ", known)})");
            }
        }

        private void Error(string? step, string field, string message) => errors.Add(new(source, step, field, message));
    }
}
