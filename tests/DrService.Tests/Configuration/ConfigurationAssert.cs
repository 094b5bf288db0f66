using DrService.Configuration;

namespace DrService.Tests.Configuration;

internal static class ConfigurationAssert
{
    /// <summary>Asserts an error at exactly <paramref name="path"/> whose reason contains <paramref name="reason"/>.</summary>
    public static void HasError(DrConfigurationResult result, string path, string reason) =>
        Assert.True(
            result.Errors.Any(e => e.Path == path && e.Reason.Contains(reason, StringComparison.Ordinal)),
            $"expected '{path}: ...{reason}...' among:{Environment.NewLine}{List(result)}");

    public static void IsValid(DrConfigurationResult result) =>
        Assert.True(result.IsValid, $"expected no errors, got:{Environment.NewLine}{List(result)}");

    public static string List(DrConfigurationResult result) => string.Join(Environment.NewLine, result.Errors);
}
