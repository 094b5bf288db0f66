using System.Globalization;

namespace DrService.Configuration;

/// <summary>
/// Layers a and b of validation: walks the configuration tree against the options types (as the binder would) and
/// reports unknown keys, with a did-you-mean suggestion, and values that cannot convert to their property's type.
/// </summary>
internal static class ConfigurationShapeValidator
{
    /// <summary>The failures found, and the paths the binder cannot bind (to leave out before binding).</summary>
    public static ShapeReport Validate(IConfigurationSection section, Type type)
    {
        ArgumentNullException.ThrowIfNull(section);
        var report = new ShapeReport();
        Visit(section, type, report);
        return report;
    }

    private static void Visit(IConfigurationSection section, Type type, ShapeReport report)
    {
        var children = section.GetChildren().ToList();
        if (OptionsTypeModel.IsLeaf(type))
        {
            if (children.Count > 0)
            {
                var keys = string.Join(", ", children.Select(c => c.Key));
                report.Unbindable(section.Path, $"{LeafValueParser.Expected(type)}, not a section (found keys {keys})");
            }
            else if (section.Value is { } value && LeafValueParser.Check(value, type) is { } reason)
            {
                report.Unbindable(section.Path, reason);
            }

            return;
        }

        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                report.Unbindable(section.Path, $"expected a section of keys, not a single value (was '{section.Value}')");
            }

            return;
        }

        if (OptionsTypeModel.DictionaryValueType(type) is { } valueType)
        {
            // Nested keys below a string dictionary are one key with ':' in it (tag keys such as dr:app).
            if (valueType != typeof(string))
            {
                children.ForEach(child => Visit(child, valueType, report));
            }
        }
        else if (OptionsTypeModel.ListItemType(type) is { } itemType)
        {
            foreach (var child in children)
            {
                if (int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    Visit(child, itemType, report);
                }
                else
                {
                    report.Unbindable(child.Path, "unknown key (expected a list, indexed 0, 1, 2...)");
                }
            }
        }
        else
        {
            children.ForEach(child => VisitMember(child, type, report));
        }
    }

    private static void VisitMember(IConfigurationSection child, Type type, ShapeReport report)
    {
        if (OptionsTypeModel.FindProperty(type, child.Key) is { } property)
        {
            Visit(child, property.PropertyType, report);
            return;
        }

        var known = OptionsTypeModel.BindableProperties(type).Select(p => p.Name).ToList();
        var reason = DidYouMean.Suggest(child.Key, known) is { } suggestion
            ? $"unknown key (did you mean '{suggestion}'?)"
            : $"unknown key (known keys: {string.Join(", ", known)})";
        report.Add(child.Path, reason);
    }
}

/// <summary>What <see cref="ConfigurationShapeValidator"/> found.</summary>
internal sealed class ShapeReport
{
    private readonly List<DrConfigurationError> _errors = [];
    private readonly List<string> _unbindablePaths = [];

    public IReadOnlyList<DrConfigurationError> Errors => _errors;

    /// <summary>Keys whose values would make the binder throw; they are left out when binding.</summary>
    public IReadOnlyList<string> UnbindablePaths => _unbindablePaths;

    public void Add(string path, string reason) => _errors.Add(new DrConfigurationError(path, reason));

    public void Unbindable(string path, string reason)
    {
        Add(path, reason);
        _unbindablePaths.Add(path);
    }

    /// <summary>True when <paramref name="path"/> is, or is below, a key that could not be bound.</summary>
    public bool IsUnbindable(string path) => _unbindablePaths.Any(p =>
        path.Equals(p, StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(p + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase));
}
