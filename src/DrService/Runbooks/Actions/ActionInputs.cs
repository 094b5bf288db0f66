using System.Globalization;

namespace DrService.Runbooks.Actions;

/// <summary>How actions read their string inputs: durations, counts, comma-separated lists, times; and write times.</summary>
public static class ActionInputs
{
    /// <summary>
    /// A duration: <c>hh:mm:ss</c> (TimeSpan), or a number with a unit <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>
    /// (<c>90s</c>, <c>5m</c>), or plain seconds.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim();
        if (t.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }
        var (number, unit) = t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : t.EndsWith('h') ? (t[..^1], 3600.0)
            : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }

    public static TimeSpan Duration(StepContext context, string input) =>
        TryParseDuration(context.Input(input), out var d) ? d : throw Bad(context, input, "a duration (00:05:00, 90s, 5m, 1h)");

    public static TimeSpan? OptionalDuration(StepContext context, string input) =>
        context.OptionalInput(input) is null ? null : Duration(context, input);

    public static int OptionalInt(StepContext context, string input, int fallback, int min = 1, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.OptionalInput(input) is not { } text)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Bad(context, input, $"a whole number between {min} and {max}");
    }

    /// <summary>A comma-separated list, without blanks.</summary>
    public static IReadOnlyList<string> List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static IReadOnlyList<string> RequiredList(StepContext context, string input)
    {
        var list = List(context.Input(input));
        return list.Count > 0 ? list : throw Bad(context, input, "a comma-separated list of ids");
    }

    /// <summary>ISO 8601 UTC, to the second: the form of <see cref="WellKnownOutputs.RecoveryPoint"/>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static StepFailedException Bad(StepContext context, string input, string expected)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new StepFailedException("InvalidInput", $"Step '{context.StepId}': input '{input}' must be {expected} (was '{context.OptionalInput(input)}').");
    }
}
