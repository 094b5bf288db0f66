using System.Globalization;
using System.Text.RegularExpressions;

namespace DrService.Runbooks.Definitions;

/// <summary>Durations in runbooks: <c>"5m"</c>, <c>"1h30m"</c>, <c>"250ms"</c>, <c>"45s"</c>, <c>"2d"</c> or <c>"00:05:00"</c>.</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        }
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var matches = Unit().Matches(body);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != body.Length)
        {
            return false;
        }
        foreach (Match match in matches)
        {
            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            value += match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => TimeSpan.FromDays(number),
            };
        }
        value = negative ? -value : value;
        return true;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Unit();
}
