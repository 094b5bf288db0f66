namespace DrService.Aws.Protocol;

/// <summary>Endpoints of the services our own clients call; the ServiceUrl override (an emulator) wins.</summary>
public static class AwsEndpoints
{
    /// <summary>The regional endpoint <c>https://{service}.{region}.amazonaws.com/</c> (.com.cn in China).</summary>
    public static Uri Regional(string service, string region, Uri? serviceUrl = null) =>
        serviceUrl ?? new Uri($"https://{service}.{region}.{Suffix(region)}/");

    /// <summary>Route 53's global endpoint (signed for us-east-1).</summary>
    public static Uri Route53(Uri? serviceUrl = null) => serviceUrl ?? new Uri("https://route53.amazonaws.com/");

    private static string Suffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
