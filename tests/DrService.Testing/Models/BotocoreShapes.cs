using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DrService.Aws.Protocol;

namespace DrService.Testing.Models;

/// <summary>
/// A botocore service model's input shapes with their value constraints, read once per process by
/// <c>Models/botocore_shapes.py</c> (the Python with botocore on this machine). Checks the VALUES of the requests our own
/// clients build, not only their names: required members, string lengths, patterns, enums, integer ranges, list sizes,
/// plus the limits that live only in documentation text (<see cref="DocumentedLimits"/>). moto accepts most of what
/// this refuses; AWS does not.
/// <code>
/// var rds = await BotocoreShapes.LoadAsync("rds");
/// Assert.Empty(rds.Check(request));          // a QueryRequest
/// var r53 = await BotocoreShapes.LoadAsync("route53");
/// Assert.Empty(r53.Check("CreateHealthCheck", HttpMethod.Post, pathAndQuery, body));
/// </code>
/// </summary>
public sealed partial class BotocoreShapes
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<BotocoreShapes>>> Cache = new(StringComparer.Ordinal);

    /// <summary>Pagination tokens: opaque values the service answered, sent back unchanged; their values are not ours to check.</summary>
    private static readonly HashSet<string> EchoedTokens = new(["Marker", "marker", "NextToken"], StringComparer.Ordinal);

    private BotocoreShapes(string service, string apiVersion, string protocol, IReadOnlyDictionary<string, OperationShape> operations, IReadOnlyDictionary<string, XElement> samples)
    {
        Service = service;
        ApiVersion = apiVersion;
        Protocol = protocol;
        Operations = operations;
        Samples = samples;
    }

    public string Service { get; }

    public string ApiVersion { get; }

    public string Protocol { get; }

    public IReadOnlyDictionary<string, OperationShape> Operations { get; }

    /// <summary>For each requested output shape, an answer element with every member present (see <see cref="Sample"/>).</summary>
    public IReadOnlyDictionary<string, XElement> Samples { get; }

    /// <summary>An answer element of <paramref name="shape"/> with every member of the model filled (strings <c>x-Name</c>,
    /// numbers 7, booleans true, one entry per list): a reader that leaves a field empty reads a name the model lacks.</summary>
    public XElement Sample(string shape) =>
        Samples.TryGetValue(shape, out var sample) ? new XElement(sample) : throw new ArgumentException($"{shape} was not loaded as a sample", nameof(shape));

    /// <summary>Loads (once per process) botocore's <paramref name="service"/> model, with answer samples of <paramref name="sampleShapes"/>.</summary>
    public static Task<BotocoreShapes> LoadAsync(string service, params string[] sampleShapes) =>
        Cache.GetOrAdd(service + "|" + string.Join(',', sampleShapes), _ => new Lazy<Task<BotocoreShapes>>(() => RunAsync(service, sampleShapes))).Value;

    /// <summary>Every way a Query-protocol request breaks the model or a documented limit; empty when it is valid.</summary>
    public IReadOnlyList<string> Check(QueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Operations.TryGetValue(request.Action, out var op) || op.Input is null)
        {
            return [$"{request.Action}: unknown operation"];
        }
        var walk = new Walk(request.Action);
        walk.Structure(string.Empty, op.Input);
        foreach (var (name, value) in request.Parameters)
        {
            walk.QueryParameter(op.Input, name.Split('.'), value);
        }
        walk.Finish();
        walk.Violations.AddRange(DocumentedLimits.Check(Service, request.Action, request.Parameters));
        return walk.Violations;
    }

    /// <summary>Every way a rest-xml request (Route 53: URI, query string, body) breaks the model; empty when valid.</summary>
    public IReadOnlyList<string> Check(string operation, HttpMethod method, string pathAndQuery, XElement? body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (!Operations.TryGetValue(operation, out var op) || op.Input is null)
        {
            return Operations.ContainsKey(operation) ? [] : [$"{operation}: unknown operation"];
        }
        var walk = new Walk(operation);
        walk.Structure(string.Empty, op.Input);
        if (!string.Equals(op.Method, method.Method, StringComparison.Ordinal))
        {
            walk.Violations.Add($"{operation}: method {method.Method}, the model says {op.Method}");
        }
        var parts = pathAndQuery.Split('?', 2);
        var names = new List<string>();
        var template = "^" + Placeholder().Replace(Regex.Escape(op.Uri.Split('?')[0].TrimEnd('/')), m =>
        {
            names.Add(m.Groups[1].Value);
            return "([^/]+)";
        }) + "/?$";
        var match = Regex.Match(parts[0], template);
        if (!match.Success)
        {
            walk.Violations.Add($"{operation}: path {parts[0]} does not match {op.Uri}");
        }
        else
        {
            for (var i = 0; i < names.Count; i++)
            {
                walk.Located(op.Input, "uri", names[i], Uri.UnescapeDataString(match.Groups[i + 1].Value));
            }
        }
        foreach (var pair in parts.Length < 2 ? [] : parts[1].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            walk.Located(op.Input, "querystring", kv[0], Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : string.Empty));
        }
        if (body is not null)
        {
            walk.Element(string.Empty, op.Input, body, bodyRoot: true);
        }
        walk.Finish();
        return walk.Violations;
    }

    /// <summary>The shape of a parameter (<c>Tags.Tag.Key</c>: list item names included, no indices) of an operation's input, or null.</summary>
    public ShapeNode? Member(string operation, string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!Operations.TryGetValue(operation, out var op) || op.Input is null)
        {
            return null;
        }
        var node = op.Input;
        foreach (var segment in parameter.Split('.'))
        {
            node = node.IsStructure ? node.Members.GetValueOrDefault(segment)
                : node.IsList && segment == node.ItemName ? node.Item
                : null;
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>Why <paramref name="value"/> breaks <paramref name="shape"/>'s own constraints, or null.</summary>
    public static string? CheckValue(ShapeNode shape, string value)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(value);
        switch (shape.Type)
        {
            case "string":
                if (shape.Min is { } min && value.Length < min)
                {
                    return $"length {value.Length} is under the minimum {min}";
                }
                if (shape.Max is { } max && value.Length > max)
                {
                    return $"length {value.Length} is over the maximum {max}";
                }
                if (shape.Enum is { Count: > 0 } values && !values.Contains(value, StringComparer.Ordinal))
                {
                    return $"'{value}' is not one of {string.Join(", ", values)}";
                }
                if (shape.Pattern is { } pattern && !Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    return $"'{value}' does not match the pattern {pattern}";
                }
                return null;
            case "integer" or "long":
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    return $"'{value}' is not an integer";
                }
                return Range(n, shape);
            case "double" or "float":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    return $"'{value}' is not a number";
                }
                return Range(d, shape);
            case "boolean":
                return value is "true" or "false" ? null : $"'{value}' is not true or false";
            case "timestamp":
                return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) ? null : $"'{value}' is not an ISO 8601 timestamp";
            default:
                return null;
        }
    }

    private static string? Range(double n, ShapeNode shape) =>
        shape.Min is { } min && n < min ? $"{n} is under the minimum {min}"
        : shape.Max is { } max && n > max ? $"{n} is over the maximum {max}"
        : null;

    private static async Task<BotocoreShapes> RunAsync(string service, string[] sampleShapes)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Models", "botocore_shapes.py");
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(
            BotocorePython.Find(), [script, service, .. sampleShapes], timeout: TimeSpan.FromSeconds(120));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"botocore_shapes.py {service} failed ({exitCode}): {stderr}");
        }
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var operations = root.GetProperty("operations").EnumerateObject().ToDictionary(
            p => p.Name,
            p => new OperationShape(
                p.Name,
                p.Value.GetProperty("method").GetString() ?? "POST",
                p.Value.GetProperty("uri").GetString() ?? "/",
                p.Value.GetProperty("root").ValueKind == JsonValueKind.String ? p.Value.GetProperty("root").GetString() : null,
                p.Value.GetProperty("input").ValueKind == JsonValueKind.Object ? ShapeNode.Read(p.Value.GetProperty("input")) : null),
            StringComparer.Ordinal);
        var samples = root.GetProperty("samples").EnumerateObject().ToDictionary(p => p.Name, p => XElement.Parse(p.Value.GetString()!), StringComparer.Ordinal);
        return new BotocoreShapes(service, root.GetProperty("apiVersion").GetString()!, root.GetProperty("protocol").GetString()!, operations, samples);
    }

    [GeneratedRegex(@"\\\{([A-Za-z]+)\+?}")]
    private static partial Regex Placeholder();

    /// <summary>One pass over a request: which structure instances saw which members, which lists saw which indices.</summary>
    private sealed class Walk(string operation)
    {
        private readonly Dictionary<string, (ShapeNode Shape, HashSet<string> Present)> _structures = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (ShapeNode Shape, HashSet<int> Indices)> _lists = new(StringComparer.Ordinal);

        public List<string> Violations { get; } = [];

        public void Structure(string path, ShapeNode shape)
        {
            if (!_structures.ContainsKey(path))
            {
                _structures[path] = (shape, new HashSet<string>(StringComparer.Ordinal));
            }
        }

        private void Present(string path, string member) => _structures[path].Present.Add(member);

        private void Index(string path, ShapeNode list, int index)
        {
            if (!_lists.TryGetValue(path, out var entry))
            {
                _lists[path] = entry = (list, []);
            }
            entry.Indices.Add(index);
        }

        private void Leaf(string path, ShapeNode shape, string value)
        {
            if (EchoedTokens.Contains(path))
            {
                return; // a pagination token is the service's own value, sent back as given (moto's are longer than AWS's)
            }
            if (CheckValue(shape, value) is { } why)
            {
                Violations.Add($"{operation}.{path}: {why}");
            }
        }

        /// <summary>Query protocol: <c>Tags.Tag.2.Key=v</c> walked down the input shape.</summary>
        public void QueryParameter(ShapeNode input, string[] segments, string value)
        {
            var node = input;
            var path = string.Empty;
            var i = 0;
            while (true)
            {
                if (node.IsStructure)
                {
                    if (i >= segments.Length)
                    {
                        Violations.Add($"{operation}.{path}: a structure sent as a value");
                        return;
                    }
                    var name = segments[i++];
                    if (!node.Members.TryGetValue(name, out var member))
                    {
                        Violations.Add($"{operation}.{Join(path, name)}: not a member of the model");
                        return;
                    }
                    Present(path, name);
                    path = Join(path, name);
                    node = member;
                    if (node.IsStructure)
                    {
                        Structure(path, node);
                    }
                }
                else if (node.IsList)
                {
                    if (!node.Flattened)
                    {
                        if (i >= segments.Length || segments[i] != node.ItemName)
                        {
                            Violations.Add($"{operation}.{path}: list items must be named {node.ItemName}");
                            return;
                        }
                        i++;
                    }
                    if (i >= segments.Length || !int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
                    {
                        Violations.Add($"{operation}.{path}: list item without a 1-based index");
                        return;
                    }
                    i++;
                    Index(path, node, index);
                    path = path + "." + index.ToString(CultureInfo.InvariantCulture);
                    node = node.Item!;
                    if (node.IsStructure)
                    {
                        Structure(path, node);
                    }
                }
                else if (node.IsMap)
                {
                    return; // no request of ours sends a map; names are checked by BotocoreModel
                }
                else
                {
                    if (i != segments.Length)
                    {
                        Violations.Add($"{operation}.{path}: a scalar with sub-parameters");
                        return;
                    }
                    Leaf(path, node, value);
                    return;
                }
            }
        }

        /// <summary>A rest-xml member outside the body (URI label or query string), matched by its location name.</summary>
        public void Located(ShapeNode input, string location, string locationName, string value)
        {
            var member = input.Members.FirstOrDefault(m => m.Value.Location == location && m.Value.LocationName == locationName);
            if (member.Value is null)
            {
                Violations.Add($"{operation}: no {location} member named {locationName}");
                return;
            }
            Present(string.Empty, member.Key);
            Leaf(member.Key, member.Value, value);
        }

        /// <summary>A rest-xml body element walked down its shape.</summary>
        public void Element(string path, ShapeNode shape, XElement element, bool bodyRoot = false)
        {
            if (shape.IsStructure)
            {
                Structure(path, shape);
                foreach (var child in element.Elements())
                {
                    var name = child.Name.LocalName;
                    if (!shape.Members.TryGetValue(name, out var member) || (bodyRoot && member.Location is not null))
                    {
                        Violations.Add($"{operation}.{Join(path, name)}: not a body member of the model");
                        continue;
                    }
                    Present(path, name);
                    Element(Join(path, name), member, child);
                }
            }
            else if (shape.IsList)
            {
                var items = shape.Flattened ? [element] : element.Elements().ToList();
                var index = 0;
                foreach (var item in items)
                {
                    index++;
                    if (item.Name.LocalName != shape.ItemName)
                    {
                        Violations.Add($"{operation}.{path}: list item {item.Name.LocalName}, the model says {shape.ItemName}");
                        continue;
                    }
                    Index(path, shape, index);
                    Element(path + "." + index.ToString(CultureInfo.InvariantCulture), shape.Item!, item);
                }
                if (index == 0)
                {
                    _lists.TryAdd(path, (shape, []));
                }
            }
            else if (!shape.IsMap)
            {
                Leaf(path, shape, element.Value);
            }
        }

        public void Finish()
        {
            foreach (var (path, (shape, present)) in _structures)
            {
                foreach (var required in shape.Required.Where(r => !present.Contains(r)))
                {
                    Violations.Add($"{operation}.{Join(path, required)}: required by the model and not sent");
                }
            }
            foreach (var (path, (shape, indices)) in _lists)
            {
                if (shape.Min is { } min && indices.Count < min)
                {
                    Violations.Add($"{operation}.{path}: {indices.Count} items, the model wants at least {min}");
                }
                if (shape.Max is { } max && indices.Count > max)
                {
                    Violations.Add($"{operation}.{path}: {indices.Count} items, the model allows at most {max}");
                }
                if (indices.Count > 0 && indices.Max() != indices.Count)
                {
                    Violations.Add($"{operation}.{path}: list indices are not 1..{indices.Count}");
                }
            }
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
    }
}

/// <summary>One operation of a botocore model: HTTP binding (rest-xml) and input shape.</summary>
public sealed record OperationShape(string Name, string Method, string Uri, string? Root, ShapeNode? Input);
