using System.Globalization;
using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Aws.Rds;

/// <summary>Typed reading of RDS answer elements (by local name; absent elements read as null).</summary>
internal static class RdsXml
{
    public static string Text(this XElement element, string name) => element.ChildValue(name) ?? string.Empty;

    public static bool Bool(this XElement element, string name) =>
        string.Equals(element.ChildValue(name), "true", StringComparison.OrdinalIgnoreCase);

    public static bool? OptionalBool(this XElement element, string name) =>
        element.ChildValue(name) is { Length: > 0 } v ? string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) : null;

    public static int? Int(this XElement element, string name) =>
        int.TryParse(element.ChildValue(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static DateTimeOffset? Time(this XElement element, string name) =>
        DateTimeOffset.TryParse(element.ChildValue(name), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>The text of every child of a list element (<c>ReadReplicaDBInstanceIdentifiers</c>...).</summary>
    public static IReadOnlyList<string> Strings(this XElement element, string listName) =>
        element.Child(listName)?.Elements().Select(e => e.Value).ToList() ?? [];

    /// <summary><c>TagList/Tag</c> (Key, Value) as a dictionary, ordinal keys.</summary>
    public static IReadOnlyDictionary<string, string> Tags(this XElement element, string listName = "TagList")
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in element.Child(listName)?.Elements() ?? [])
        {
            if (tag.ChildValue("Key") is { } key)
            {
                tags[key] = tag.ChildValue("Value") ?? string.Empty;
            }
        }
        return tags;
    }
}
