using DrService.Testing;
using System.Globalization;
using System.Text.Json.Nodes;
using DrService.Configuration;
using Microsoft.Extensions.Configuration;

namespace DrService.Tests.Configuration;

/// <summary>
/// Builds configuration files from the repository's appsettings.json with edits, writes them to a temp folder and
/// runs them through the same file source and loader as <c>AddDrConfiguration</c>.
/// </summary>
internal sealed class ConfigurationFileBuilder
{
    private readonly JsonObject _root;

    private ConfigurationFileBuilder(JsonObject root) => _root = root;

    public static ConfigurationFileBuilder FromRepository() =>
        new(JsonNode.Parse(File.ReadAllText(Repository.AppSettings))!.AsObject());

    /// <summary>Sets the value at a colon-separated path (<c>DrService:Applications:orders:Rpo</c>) to JSON text.</summary>
    public ConfigurationFileBuilder With(string path, string json)
    {
        var (parent, key) = Navigate(path);
        var value = JsonNode.Parse(json);
        if (parent is JsonArray array)
        {
            array[int.Parse(key, CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent.AsObject()[key] = value;
        }

        return this;
    }

    public ConfigurationFileBuilder Without(string path)
    {
        var (parent, key) = Navigate(path);
        parent.AsObject().Remove(key);
        return this;
    }

    public string ToJson() => _root.ToJsonString();

    /// <summary>Writes the file into <paramref name="folder"/> and validates it as the host would.</summary>
    public DrConfigurationResult Validate(TempFolder folder) => Validate(folder.Write("appsettings.json", ToJson()));

    public static DrConfigurationResult Validate(string filePath) => DrConfigurationLoader.Validate(Build(filePath));

    public static IConfiguration Build(string filePath)
    {
        var location = ConfigurationFile.Locate(["--config", filePath], _ => null, "/", "/");
        return new ConfigurationBuilder().AddDrConfigurationFile(location, environmentName: null).Build();
    }

    private (JsonNode Parent, string Key) Navigate(string path)
    {
        var keys = path.Split(':');
        JsonNode node = _root;
        foreach (var key in keys[..^1])
        {
            node = node is JsonArray array
                ? array[int.Parse(key, CultureInfo.InvariantCulture)]!
                : node.AsObject()[key] ??= new JsonObject();
        }

        return (node, keys[^1]);
    }
}
