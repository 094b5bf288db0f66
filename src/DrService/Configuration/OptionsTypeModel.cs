using System.Reflection;

namespace DrService.Configuration;

/// <summary>How the configuration binder sees an options type: a leaf value, a dictionary, a list or an object.</summary>
internal static class OptionsTypeModel
{
    /// <summary>Types bound from one string (nullable forms included).</summary>
    public static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Guid) || t == typeof(Uri);
    }

    /// <summary>The value type of a string-keyed dictionary, or null.</summary>
    public static Type? DictionaryValueType(Type type)
    {
        var dictionary = GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>));
        return dictionary?.GetGenericArguments() is [var key, var value] && key == typeof(string) ? value : null;
    }

    /// <summary>The item type of a list or array (not of a string or a dictionary), or null.</summary>
    public static Type? ListItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return IsLeaf(type) || DictionaryValueType(type) is not null
            ? null
            : GenericInterface(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    /// <summary>The public instance properties the binder writes: settable ones, and get-only collections and objects.</summary>
    public static IReadOnlyList<PropertyInfo> BindableProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
            .Where(p => p.SetMethod is { IsPublic: true } || !IsLeaf(p.PropertyType))];

    /// <summary>The property bound from <paramref name="key"/> (case-insensitive, as the binder matches), or null.</summary>
    public static PropertyInfo? FindProperty(Type type, string key) =>
        BindableProperties(type).FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Our own options types, walked into when validating bound objects.</summary>
    public static bool IsOptionsObject(Type type) =>
        type.IsClass && !IsLeaf(type) && type.Namespace?.StartsWith("DrService", StringComparison.Ordinal) == true;

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
