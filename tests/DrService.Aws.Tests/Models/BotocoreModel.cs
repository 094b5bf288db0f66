using System.Collections.Concurrent;
using System.Text.Json;
using DrService.Aws.Protocol;
using DrService.Testing;

namespace DrService.Aws.Tests.Models;

/// <summary>
/// A botocore service model (operations and their flattened input parameter names), read once per run by
/// <c>Models/botocore_model.py</c> with the pyenv Python that has botocore. Checks that the Actions and parameter
/// names our own Query clients send exist in the model the official SDKs are generated from:
/// <code>
/// var model = await BotocoreModel.LoadAsync("monitoring"/"cloudwatch", "2010-08-01");
/// Assert.Empty(model.UnknownNames(requests));   // requests: the QueryRequests your client builds
/// </code>
/// List indices are stripped before the lookup: <c>Tags.Tag.1.Key</c> -> <c>Tags.Tag.Key</c>,
/// <c>Dimensions.member.2.Name</c> -> <c>Dimensions.member.Name</c>.
/// </summary>
public sealed class BotocoreModel
{
    private static readonly ConcurrentDictionary<(string, string), Lazy<Task<BotocoreModel>>> Cache = new();

    private BotocoreModel(string service, string apiVersion, string protocol, IReadOnlyDictionary<string, IReadOnlySet<string>> operations)
    {
        Service = service;
        ApiVersion = apiVersion;
        Protocol = protocol;
        Operations = operations;
    }

    /// <summary>botocore's service name (rds, cloudwatch, route53).</summary>
    public string Service { get; }

    public string ApiVersion { get; }

    /// <summary>query, rest-xml, json...</summary>
    public string Protocol { get; }

    /// <summary>Operation name to its flattened input names (top-level members included).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Operations { get; }

    /// <summary>Loads (once per process) the model of <paramref name="service"/> at <paramref name="apiVersion"/>.</summary>
    public static Task<BotocoreModel> LoadAsync(string service, string apiVersion) =>
        Cache.GetOrAdd((service, apiVersion), key => new Lazy<Task<BotocoreModel>>(() => RunAsync(key.Item1, key.Item2))).Value;

    /// <summary>A parameter name without list indices: every all-digit segment is removed.</summary>
    public static string Normalize(string parameter) =>
        string.Join('.', parameter.Split('.').Where(s => s.Length == 0 || !s.All(char.IsAsciiDigit)));

    /// <summary>"Action" or "Action.Parameter" for every action or parameter the model does not know; empty when all are known.</summary>
    public IReadOnlyList<string> UnknownNames(IEnumerable<QueryRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            if (!Operations.TryGetValue(request.Action, out var names))
            {
                unknown.Add(request.Action);
                continue;
            }
            foreach (var (name, _) in request.Parameters)
            {
                var normalized = Normalize(name);
                if (!names.Contains(normalized))
                {
                    unknown.Add($"{request.Action}.{normalized}");
                }
            }
        }
        return [.. unknown];
    }

    /// <summary>The Python with botocore (see <see cref="DrService.Testing.Models.BotocorePython"/>).</summary>
    public static string FindPython() => DrService.Testing.Models.BotocorePython.Find();

    private static async Task<BotocoreModel> RunAsync(string service, string apiVersion)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Models", "botocore_model.py");
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(
            FindPython(), [script, service, apiVersion], timeout: TimeSpan.FromSeconds(60));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"botocore_model.py {service} {apiVersion} failed ({exitCode}): {stderr}");
        }
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var operations = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var op in root.GetProperty("operations").EnumerateObject())
        {
            operations[op.Name] = op.Value.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
        }
        return new BotocoreModel(service, root.GetProperty("apiVersion").GetString()!, root.GetProperty("protocol").GetString()!, operations);
    }
}
