using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace DrService.Aws.Signing;

/// <summary>SigV4 signing for our own clients, with the SDK's public <see cref="AWSSigV4Signer"/>.</summary>
public static class AwsRequestSigner
{
    /// <summary>The Query protocol's body type; not signed, but moto and AWS need it to read the body.</summary>
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>
    /// Signs <paramref name="request"/> (method and URI already set) with a payload hash of <paramref name="body"/>,
    /// and copies Authorization, X-Amz-Date, X-Amz-Content-SHA256 (and X-Amz-Security-Token) onto it. Sign each
    /// attempt anew: the signature carries its time.
    /// </summary>
    public static void Sign(
        HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, string service, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var signing = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri!,
            Content = body,
        };
        foreach (var header in request.Headers)
        {
            if (header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                signing.Headers[header.Key] = string.Join(",", header.Value);
            }
        }
        var result = AWSSigV4Signer.Sign(signing, Parameters(credentials, region, service, signedAt));
        foreach (var (name, value) in result.Headers)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>
    /// A presigned GET URL for a Query-protocol call in <paramref name="region"/> (for example the
    /// <c>PreSignedUrl</c> of a cross-region CopyDBSnapshot: Action=CopyDBSnapshot, SourceDBSnapshotIdentifier,
    /// TargetDBSnapshotIdentifier, KmsKeyId, DestinationRegion, Version). Always the real regional endpoint: AWS
    /// validates it in the source region.
    /// </summary>
    public static Uri PresignQueryUrl(
        string region,
        string service,
        IReadOnlyDictionary<string, string> parameters,
        ImmutableCredentials credentials,
        TimeSpan expires,
        DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = new StringBuilder();
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            query.Append(query.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        var request = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Get,
            RequestUri = new Uri($"https://{AwsPartition.For(region).Host(service, region)}/{query}"),
        };
        return AWSSigV4Signer.Presign(request, Parameters(credentials, region, service, signedAt), expires).Uri;
    }

    private static AWSSigV4Parameters Parameters(ImmutableCredentials credentials, string region, string service, DateTimeOffset signedAt) => new()
    {
        Credentials = credentials.UseToken
            ? new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token)
            : new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey),
        Region = RegionEndpoint.GetBySystemName(region),
        Service = service,
        SignPayload = true,
        SignedAt = signedAt.UtcDateTime,
    };
}
