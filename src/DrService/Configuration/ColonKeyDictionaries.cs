using System.Collections;

namespace DrService.Configuration;

/// <summary>
/// Restores string dictionary keys that contain ':' (AWS tag keys such as <c>dr:app</c>). ':' is the configuration
/// key delimiter, so <c>"Tags": { "dr:app": "orders" }</c> arrives as the nested key <c>Tags:dr:app</c>, which the
/// binder drops. After binding, every <c>Dictionary&lt;string, string&gt;</c> is refilled from all the leaves below
/// its section, keyed by their path relative to it.
/// </summary>
internal static class ColonKeyDictionaries
{
    public static void Restore(object instance, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(section);
        foreach (var property in OptionsTypeModel.BindableProperties(instance.GetType()))
        {
            var child = section.GetSection(property.Name);
            if (child.Exists() && property.GetValue(instance) is { } value)
            {
                RestoreValue(value, child);
            }
        }
    }

    private static void RestoreValue(object value, IConfigurationSection section)
    {
        switch (value)
        {
            case IDictionary<string, string> strings:
                foreach (var (key, leaf) in section.AsEnumerable(makePathsRelative: true))
                {
                    if (leaf is not null && key.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal))
                    {
                        strings[key] = leaf;
                    }
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Value is { } item && OptionsTypeModel.IsOptionsObject(item.GetType()))
                    {
                        Restore(item, section.GetSection((string)entry.Key));
                    }
                }

                break;
            case IList list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && OptionsTypeModel.IsOptionsObject(item.GetType()))
                    {
                        Restore(item, section.GetSection(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                }

                break;
            default:
                if (OptionsTypeModel.IsOptionsObject(value.GetType()))
                {
                    Restore(value, section);
                }

                break;
        }
    }
}
