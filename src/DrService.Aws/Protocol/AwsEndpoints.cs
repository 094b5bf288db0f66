namespace DrService.Aws.Protocol;

/// <summary>Endpoints of the services our own clients call, from the region's <see cref="AwsPartition"/>; the ServiceUrl override (an emulator) wins.</summary>
public static class AwsEndpoints
{
    /// <summary>The regional endpoint <c>https://{service}.{region}.amazonaws.com/</c> (<c>.amazonaws.com.cn</c> in China).</summary>
    public static Uri Regional(string service, string region, Uri? serviceUrl = null) =>
        serviceUrl ?? new Uri($"https://{AwsPartition.For(region).Host(service, region)}/");

    /// <summary>
    /// Route 53's global endpoint in <paramref name="partition"/> (<c>route53.amazonaws.com</c>,
    /// <c>route53.amazonaws.com.cn</c>, <c>route53.us-gov.amazonaws.com</c>), signed for its <see cref="AwsPartition.GlobalRegion"/>.
    /// </summary>
    public static Uri Route53(AwsPartition partition, Uri? serviceUrl = null)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return serviceUrl ?? new Uri($"https://{partition.Route53Host}/");
    }
}
