using System.Collections.Concurrent;
using System.Xml.Linq;
using DrService.Aws.Http;
using DrService.Aws.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Testing.Models;

/// <summary>
/// Checks every request our own clients send in a test (RDS and CloudWatch Query calls, Route 53 rest-xml calls)
/// against botocore's shapes and the documented limits (<see cref="BotocoreShapes"/>). A request that breaks them is
/// recorded in <see cref="Violations"/> and refused with <see cref="ModelConformanceException"/> before it reaches
/// moto, so the test that made it fails whatever moto would have answered. EC2, S3 and STS go through the official
/// SDK, whose requests are generated from the same models and not checked here.
/// </summary>
public sealed class ModelConformanceInspector : IAwsRequestInspector
{
    private static readonly ConcurrentQueue<string> Recorded = new();

    /// <summary>Every violation seen in this test process, newest last.</summary>
    public static IReadOnlyCollection<string> Violations => Recorded;

    public async ValueTask InspectAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = await CheckAsync(request, cancellationToken);
        if (violations.Count > 0)
        {
            foreach (var violation in violations)
            {
                Recorded.Enqueue(violation);
            }
            if (Environment.GetEnvironmentVariable("DR_MODEL_CONFORMANCE_LOG") is { Length: > 0 } log)
            {
                // product code may turn the refusal into a per-resource failure that a test tolerates: this file shows them all
                await File.AppendAllLinesAsync(log, violations, cancellationToken);
            }
            throw new ModelConformanceException(violations);
        }
    }

    /// <summary>The violations of one HTTP request; empty for valid requests and for services not checked.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri!;
        var body = string.Empty;
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            body = await content.ReadAsStringAsync(cancellationToken);
        }
        if (uri.AbsolutePath.StartsWith("/2013-04-01/", StringComparison.Ordinal))
        {
            var route53 = await BotocoreShapes.LoadAsync("route53");
            var operation = Route53Operation(route53, request.Method, uri.AbsolutePath);
            if (operation is null)
            {
                return [$"route53: no operation for {request.Method} {uri.AbsolutePath}"];
            }
            var xml = body.Length == 0 ? null : XElement.Parse(body);
            return route53.Check(operation, request.Method, uri.PathAndQuery, xml);
        }
        if (request.Method != HttpMethod.Post || !body.Contains("Action=", StringComparison.Ordinal))
        {
            return [];
        }
        var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : string.Empty))
            .ToList();
        var action = form.FirstOrDefault(p => p.Key == "Action").Value;
        var version = form.FirstOrDefault(p => p.Key == "Version").Value;
        var service = version switch
        {
            "2014-10-31" => "rds",
            "2010-08-01" => "cloudwatch",
            _ => null,
        };
        if (service is null || action is null)
        {
            return [];
        }
        var query = new QueryRequest(service, version!, action) with
        {
            Parameters = [.. form.Where(p => p.Key is not "Action" and not "Version")],
        };
        return (await BotocoreShapes.LoadAsync(service)).Check(query);
    }

    /// <summary>The operation whose method and URI template match, the most specific template first.</summary>
    private static string? Route53Operation(BotocoreShapes model, HttpMethod method, string path) =>
        model.Operations.Values
            .Where(o => o.Method == method.Method && System.Text.RegularExpressions.Regex.IsMatch(path,
                "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(o.Uri.Split('?')[0].TrimEnd('/')), @"\\\{[A-Za-z]+\+?}", "[^/]+") + "/?$"))
            .OrderByDescending(o => o.Uri.Count(c => c != '{' && c != '}'))
            .Select(o => o.Name)
            .FirstOrDefault();

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}

/// <summary>A request the botocore model (or a documented limit) says AWS would refuse; moto might not have.</summary>
public sealed class ModelConformanceException(IReadOnlyList<string> violations)
    : InvalidOperationException("AWS would refuse this request (botocore model): " + string.Join("; ", violations))
{
    public IReadOnlyList<string> Violations { get; } = violations;
}

/// <summary>Registers <see cref="ModelConformanceInspector"/> on a test host's AWS pipeline.</summary>
public static class ModelConformanceServiceCollectionExtensions
{
    public static IServiceCollection AddModelConformance(this IServiceCollection services) =>
        services.AddSingleton<IAwsRequestInspector, ModelConformanceInspector>();
}
