using System.Xml.Linq;

namespace DrService.Aws.Protocol;

/// <summary>
/// Namespace-agnostic reading of AWS XML answers (services answer with or without their xmlns): match by local name.
/// Requests that need a namespace (Route 53 bodies) build it explicitly with <see cref="XNamespace"/>.
/// </summary>
public static class AwsXml
{
    public static XElement? Child(this XElement element, string localName)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
    }

    public static IEnumerable<XElement> Children(this XElement element, string localName)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Elements().Where(e => e.Name.LocalName == localName);
    }

    /// <summary>The text of a direct child, or null when it is absent.</summary>
    public static string? ChildValue(this XElement element, string localName) => element.Child(localName)?.Value;

    /// <summary>A path of local names: <c>root.Path("DBInstances", "DBInstance")</c> yields every DBInstance.</summary>
    public static IEnumerable<XElement> Path(this XElement element, params string[] localNames)
    {
        ArgumentNullException.ThrowIfNull(localNames);
        IEnumerable<XElement> current = [element];
        foreach (var name in localNames)
        {
            current = current.SelectMany(e => e.Children(name));
        }
        return current;
    }

    public static XElement? Descendant(this XElement element, string localName)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Descendants().FirstOrDefault(e => e.Name.LocalName == localName);
    }
}
