using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace DrService.Configuration;

/// <summary>
/// Layer c, single-field rules: runs the data annotations of every options object in the tree (nested objects,
/// dictionary entries and list items included) and names each failure by its full key path.
/// </summary>
internal static class AnnotationValidator
{
    /// <summary>
    /// Validates <paramref name="root"/> at <paramref name="rootPath"/>, and everything below it, into
    /// <paramref name="errors"/>; <paramref name="includeRoot"/> false skips the root's own annotations (when
    /// ValidateDataAnnotations checks them).
    /// </summary>
    public static void Validate(object root, string rootPath, bool includeRoot, ICollection<DrConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        Visit(root, rootPath, includeRoot, errors);
    }

    private static void Visit(object instance, string path, bool validateSelf, ICollection<DrConfigurationError> errors)
    {
        if (validateSelf)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
            foreach (var result in results)
            {
                var member = result.MemberNames.FirstOrDefault();
                var value = member is null ? null : instance.GetType().GetProperty(member)?.GetValue(instance);
                var memberPath = member is null ? path : $"{path}:{member}";
                errors.Add(new DrConfigurationError(memberPath, $"{Reason(result, member)} (was {Describe(value)})"));
            }
        }

        foreach (var property in OptionsTypeModel.BindableProperties(instance.GetType()))
        {
            if (property.GetValue(instance) is { } child)
            {
                VisitValue(child, $"{path}:{property.Name}", errors);
            }
        }
    }

    private static void VisitValue(object value, string path, ICollection<DrConfigurationError> errors)
    {
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Value is { } item && OptionsTypeModel.IsOptionsObject(item.GetType()))
                    {
                        Visit(item, $"{path}:{entry.Key}", validateSelf: true, errors);
                    }
                }

                break;
            case IList list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && OptionsTypeModel.IsOptionsObject(item.GetType()))
                    {
                        Visit(item, $"{path}:{i}", validateSelf: true, errors);
                    }
                }

                break;
            default:
                if (OptionsTypeModel.IsOptionsObject(value.GetType()))
                {
                    Visit(value, path, validateSelf: true, errors);
                }

                break;
        }
    }

    /// <summary>"The field X must be between 1 and 20." becomes "must be between 1 and 20".</summary>
    private static string Reason(ValidationResult result, string? member)
    {
        var message = (result.ErrorMessage ?? "is invalid").TrimEnd('.');
        if (member is not null)
        {
            message = message.Replace($"The field {member} ", "", StringComparison.Ordinal)
                .Replace($"The {member} field ", "", StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>A value as it reads in the configuration file.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
