using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using DrService.Aws.Signing;
using DrService.Testing;

namespace DrService.Aws.Tests.Rds;

/// <summary>
/// Creates a KMS key in moto (JSON protocol, one signed POST): moto's RDS checks that a copy's KmsKeyId names a key
/// that exists in the destination region. No KMS client exists in DrService, hence this test-only call.
/// </summary>
internal static class MotoKms
{
    public static async Task<string> CreateKeyAsync(Uri motoEndpoint, string region, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes("""{"Description":"DR region key for RDS copies"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, motoEndpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "TrentService.CreateKey");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        AwsRequestSigner.Sign(request, body, new ImmutableCredentials(MotoServer.AccessKey, MotoServer.SecretKey, null),
            region, "kms", DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
    }
}
