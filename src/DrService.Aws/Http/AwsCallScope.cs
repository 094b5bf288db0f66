using System.Text.RegularExpressions;

namespace DrService.Aws.Http;

/// <summary>What an HTTP request to AWS is: its SigV4 service, region and operation ("*" when unknown).</summary>
public sealed partial record AwsCallScope(string Service, string Region, string Operation)
{
    /// <summary>The header our own clients set to name the operation (REST-XML has no Action field).</summary>
    public const string OperationHeader = "x-drservice-operation";

    private static readonly HttpRequestOptionsKey<AwsCallScope> OptionsKey = new("DrService.Aws.CallScope");

    /// <summary>
    /// Reads the scope from the request (once; later handlers reuse it): region and service from the SigV4 credential
    /// scope of the Authorization header (or a presigned X-Amz-Credential), the operation from X-Amz-Target, our
    /// operation header, or the Action field of a form body.
    /// </summary>
    public static async ValueTask<AwsCallScope> OfAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(OptionsKey, out var known))
        {
            return known;
        }
        var (service, region) = CredentialScope(request);
        var operation = await OperationAsync(request, cancellationToken) ?? "*";
        var scope = new AwsCallScope(service, region, operation);
        request.Options.Set(OptionsKey, scope);
        return scope;
    }

    private static (string Service, string Region) CredentialScope(HttpRequestMessage request)
    {
        string? credential = null;
        if (request.Headers.TryGetValues("Authorization", out var values))
        {
            var match = AuthorizationCredential().Match(string.Join(",", values));
            credential = match.Success ? match.Groups[1].Value : null;
        }
        else if (request.RequestUri?.Query is { Length: > 0 } query)
        {
            var match = QueryCredential().Match(query);
            credential = match.Success ? Uri.UnescapeDataString(match.Groups[1].Value) : null;
        }
        // AKID/20250101/us-east-1/rds/aws4_request
        var parts = credential?.Split('/');
        return parts is { Length: 5 } ? (parts[3], parts[2]) : ("*", "*");
    }

    private static async ValueTask<string?> OperationAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            // "AmazonEC2ContainerServiceV20141113.ListClusters": the operation follows the last dot.
            var target = targets.First();
            return target[(target.LastIndexOf('.') + 1)..];
        }
        if (request.Headers.TryGetValues(OperationHeader, out var ours))
        {
            return ours.First();
        }
        if (request.Content is { } content
            && content.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded")
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            var body = await content.ReadAsStringAsync(cancellationToken);
            var match = ActionField().Match(body);
            return match.Success ? Uri.UnescapeDataString(match.Groups[1].Value) : null;
        }
        if (request.RequestUri?.Query is { Length: > 0 } query && ActionField().Match(query) is { Success: true } inQuery)
        {
            return Uri.UnescapeDataString(inQuery.Groups[1].Value);
        }
        return null;
    }

    [GeneratedRegex(@"Credential=([^,\s]+)")]
    private static partial Regex AuthorizationCredential();

    [GeneratedRegex(@"[?&]X-Amz-Credential=([^&]+)", RegexOptions.IgnoreCase)]
    private static partial Regex QueryCredential();

    [GeneratedRegex(@"(?:^|[?&])Action=([^&]+)")]
    private static partial Regex ActionField();
}
