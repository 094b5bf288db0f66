using System.ComponentModel;
using System.Globalization;

namespace DrService.Configuration;

/// <summary>Checks that a configuration string converts to a property's type, and says what format is expected.</summary>
internal static class LeafValueParser
{
    /// <summary>Null when <paramref name="value"/> converts to <paramref name="type"/>; otherwise the reason it does not.</summary>
    public static string? Check(string value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var target = underlying ?? type;
        if (value.Length == 0)
        {
            // The binder leaves nullable and reference-typed properties unset (JSON null); other types need a value.
            return underlying is not null || !target.IsValueType ? null : $"{Expected(target)} (was empty)";
        }

        return Converts(value, target) ? null : $"{Expected(target)} (was '{value}')";
    }

    /// <summary>The expected format of <paramref name="type"/>, in words, with an example.</summary>
    public static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when t.IsEnum => $"expected one of {string.Join(", ", Enum.GetNames(t))}",
            _ when t == typeof(TimeSpan) => "expected a duration [d.]hh:mm:ss[.fff] such as 00:15:00 or 1.00:00:00",
            _ when t == typeof(bool) => "expected true or false",
            _ when t == typeof(Uri) => "expected an absolute URI such as http://localhost:4317",
            _ when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "expected a number such as 0.25",
            _ when t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) => "expected a whole number",
            _ => $"expected a value of type {t.Name}",
        };
    }

    private static bool Converts(string value, Type type)
    {
        if (type.IsEnum)
        {
            // One name (case-insensitive, as the binder matches); numbers and lists would bind to undefined members.
            var name = value.Trim();
            return name.Length > 0 && char.IsLetter(name[0]) && !name.Contains(',', StringComparison.Ordinal)
                && Enum.TryParse(type, name, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!);
        }

        if (type == typeof(Uri))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out _);
        }

        try
        {
            // The binder converts leaves with their TypeConverter and the invariant culture.
            _ = TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or NotSupportedException
                                       or InvalidOperationException)
        {
            return false;
        }
    }
}
