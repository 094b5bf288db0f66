namespace DrService.Aws;

/// <summary>
/// An AWS partition (a group of regions with its own accounts, credentials, ARNs and DNS suffix): everything that
/// builds an ARN or an endpoint asks <see cref="For"/> rather than writing <c>arn:aws:</c> or <c>amazonaws.com</c>.
/// The values are botocore 1.43's <c>partitions.json</c> (id, regionRegex, dnsSuffix) and <c>endpoints.json</c>
/// (Route 53's partition endpoint: hostname and credentialScope region) for the three partitions DrService supports;
/// see docs/design/aws-facts.md, "Partitions". The AWS SDK has the same table only in an internal namespace
/// (<c>Amazon.Runtime.Internal.Endpoints.StandardLibrary.Partition</c>), so it is not used.
/// </summary>
/// <param name="Name">The ARN partition: <c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>.</param>
/// <param name="DnsSuffix">The endpoints' suffix: <c>amazonaws.com</c>, or <c>amazonaws.com.cn</c> in China.</param>
/// <param name="Route53Host">Route 53's one (global) endpoint in the partition.</param>
/// <param name="GlobalRegion">The region global services (Route 53) are signed for in the partition.</param>
public sealed record AwsPartition(string Name, string DnsSuffix, string Route53Host, string GlobalRegion)
{
    /// <summary>The commercial regions (botocore regionRegex <c>^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$</c>).</summary>
    public static readonly AwsPartition Aws = new("aws", "amazonaws.com", "route53.amazonaws.com", "us-east-1");

    /// <summary>China (regionRegex <c>^cn\-\w+\-\d+$</c>); Route 53 is signed for cn-northwest-1.</summary>
    public static readonly AwsPartition China = new("aws-cn", "amazonaws.com.cn", "route53.amazonaws.com.cn", "cn-northwest-1");

    /// <summary>AWS GovCloud (US) (regionRegex <c>^us\-gov\-\w+\-\d+$</c>); Route 53 is signed for us-gov-west-1.</summary>
    public static readonly AwsPartition GovCloud = new("aws-us-gov", "amazonaws.com", "route53.us-gov.amazonaws.com", "us-gov-west-1");

    /// <summary>Region prefixes of partitions DrService does not support (botocore: aws-iso*, aws-eusc).</summary>
    private static readonly string[] Unsupported = ["us-iso-", "us-isob-", "us-isof-", "eu-isoe-", "eusc-"];

    /// <summary>The partition of <paramref name="region"/> (<c>cn-north-1</c>: aws-cn; <c>us-gov-west-1</c>: aws-us-gov; <c>us-east-1</c>: aws).</summary>
    /// <exception cref="NotSupportedException">A region of the isolated or European sovereign partitions.</exception>
    public static AwsPartition For(string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        return TryFor(region) ?? throw new NotSupportedException($"region {region} is in a partition DrService does not support (aws, aws-cn and aws-us-gov are)");
    }

    /// <summary>As <see cref="For"/>, or null for a region of a partition DrService does not support.</summary>
    public static AwsPartition? TryFor(string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        return region.StartsWith("cn-", StringComparison.Ordinal) ? China
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? GovCloud
            : Unsupported.Any(p => region.StartsWith(p, StringComparison.Ordinal)) ? null
            : Aws;
    }

    /// <summary>The partition named in an ARN (<c>arn:PARTITION:...</c>), or null when it is not an ARN of a supported partition.</summary>
    public static AwsPartition? OfArn(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':', 3);
        return parts.Length == 3 && parts[0] == "arn" ? new[] { Aws, China, GovCloud }.FirstOrDefault(p => p.Name == parts[1]) : null;
    }

    /// <summary><c>arn:{partition}:{service}:{region}:{account}:{resource}</c> (region and account may be empty).</summary>
    public string Arn(string service, string region, string account, string resource) =>
        $"arn:{Name}:{service}:{region}:{account}:{resource}";

    /// <summary>A regional endpoint host: <c>{service}.{region}.{DnsSuffix}</c>.</summary>
    public string Host(string service, string region) => $"{service}.{region}.{DnsSuffix}";
}
