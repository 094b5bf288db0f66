using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using DrService.Aws.Signing;
using DrService.Testing;

namespace DrService.Tests.Backups.Drivers;

/// <summary>A KMS key in moto (one signed JSON call): moto's RDS checks that a copy's KmsKeyId exists in the destination region.</summary>
internal static class RdsMotoKms
{
    public static async Task<string> CreateKeyAsync(Uri motoEndpoint, string region)
    {
        var body = Encoding.UTF8.GetBytes("""{"Description":"DR region key for RDS driver tests"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, motoEndpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "TrentService.CreateKey");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        AwsRequestSigner.Sign(request, body, new ImmutableCredentials(MotoServer.AccessKey, MotoServer.SecretKey, null), region, "kms", DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
    }
}
