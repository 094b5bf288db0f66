using System.Text.Json;
using Amazon.Runtime;
using DrService.Aws.Protocol;
using DrService.Aws.Signing;
using DrService.Aws.Tests.Models;
using DrService.Testing;

namespace DrService.Aws.Tests.Partitions;

/// <summary>
/// ARNs and endpoints come from the region's partition (issue 14, "Partitions"): aws, aws-cn (cn-*, amazonaws.com.cn)
/// and aws-us-gov (us-gov-*), with Route 53's partition endpoint and signing region, checked against botocore's
/// partitions.json and endpoints.json on this machine.
/// </summary>
[Collection(MotoFixture.Collection)]
public sealed class AwsPartitionTests(MotoFixture moto)
{
    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("eu-west-1", "aws")]
    [InlineData("ap-southeast-2", "aws")]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    [InlineData("us-gov-east-1", "aws-us-gov")]
    public void For_Region_ItsPartition(string region, string partition) =>
        Assert.Equal(partition, AwsPartition.For(region).Name);

    [Theory]
    [InlineData("us-iso-east-1")]
    [InlineData("us-isob-east-1")]
    [InlineData("eusc-de-east-1")]
    public void For_UnsupportedPartition_Throws(string region)
    {
        Assert.Null(AwsPartition.TryFor(region));
        Assert.Throws<NotSupportedException>(() => AwsPartition.For(region));
    }

    [Theory]
    [InlineData("rds", "us-west-2", "https://rds.us-west-2.amazonaws.com/")]
    [InlineData("rds", "cn-north-1", "https://rds.cn-north-1.amazonaws.com.cn/")]
    [InlineData("monitoring", "us-gov-west-1", "https://monitoring.us-gov-west-1.amazonaws.com/")]
    public void Regional_Endpoint_UsesThePartitionsDnsSuffix(string service, string region, string expected) =>
        Assert.Equal(new Uri(expected), AwsEndpoints.Regional(service, region));

    [Theory]
    [InlineData("us-east-1", "https://route53.amazonaws.com/")]
    [InlineData("cn-north-1", "https://route53.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://route53.us-gov.amazonaws.com/")]
    public void Route53_Endpoint_IsThePartitions(string region, string expected) =>
        Assert.Equal(new Uri(expected), AwsEndpoints.Route53(AwsPartition.For(region)));

    [Theory]
    [InlineData("us-east-1", "arn:aws:ec2:us-east-1::snapshot/snap-1")]
    [InlineData("cn-north-1", "arn:aws-cn:ec2:cn-north-1::snapshot/snap-1")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:ec2:us-gov-west-1::snapshot/snap-1")]
    public void Arn_Region_CarriesItsPartition(string region, string expected) =>
        Assert.Equal(expected, AwsPartition.For(region).Arn("ec2", region, "", "snapshot/snap-1"));

    [Theory]
    [InlineData("cn-north-1", "rds.cn-north-1.amazonaws.com.cn")]
    [InlineData("us-gov-west-1", "rds.us-gov-west-1.amazonaws.com")]
    public void PresignQueryUrl_Region_HostInItsPartition(string region, string host)
    {
        var url = AwsRequestSigner.PresignQueryUrl(region, "rds", new Dictionary<string, string> { ["Action"] = "CopyDBSnapshot" },
            new ImmutableCredentials("AKIDEXAMPLE", "secret", null), TimeSpan.FromMinutes(5), DateTimeOffset.UnixEpoch.AddYears(56));

        Assert.Equal(host, url.Host);
    }

    [Fact]
    public async Task Table_MatchesBotocorePartitionsAndRoute53Endpoints()
    {
        const string script = """
            import json, os, re, botocore
            d = os.path.join(os.path.dirname(botocore.__file__), 'data')
            partitions = {p['id']: p for p in json.load(open(os.path.join(d, 'partitions.json')))['partitions']}
            out = {}
            for p in json.load(open(os.path.join(d, 'endpoints.json')))['partitions']:
                if p['partition'] not in ('aws', 'aws-cn', 'aws-us-gov'):
                    continue
                r53 = p['services']['route53']
                ep = r53['endpoints'][r53['partitionEndpoint']]
                out[p['partition']] = {'dnsSuffix': partitions[p['partition']]['outputs']['dnsSuffix'],
                                       'regionRegex': partitions[p['partition']]['regionRegex'],
                                       'route53': ep['hostname'], 'signingRegion': ep['credentialScope']['region'],
                                       'regions': sorted(p['regions'].keys())}
            print(json.dumps(out))
            """;
        var (code, stdout, stderr) = await ExternalTool.RunAsync(BotocoreModel.FindPython(), ["-c", script], timeout: TimeSpan.FromSeconds(60));
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);

        foreach (var partition in new[] { AwsPartition.Aws, AwsPartition.China, AwsPartition.GovCloud })
        {
            var botocore = json.RootElement.GetProperty(partition.Name);
            Assert.Equal(botocore.GetProperty("dnsSuffix").GetString(), partition.DnsSuffix);
            Assert.Equal(botocore.GetProperty("route53").GetString(), partition.Route53Host);
            Assert.Equal(botocore.GetProperty("signingRegion").GetString(), partition.GlobalRegion);
            var regions = botocore.GetProperty("regions").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.NotEmpty(regions);
            Assert.All(regions, r => Assert.Equal(partition, AwsPartition.For(r)));   // every region botocore lists maps back
        }
    }

    [Theory]
    [InlineData("us-east-1", "us-east-1")]
    [InlineData("cn-north-1", "cn-northwest-1")]
    [InlineData("us-gov-west-1", "us-gov-west-1")]
    public async Task Route53Call_StsRegionsPartition_SignedForItsGlobalRegion(string stsRegion, string signingRegion)
    {
        await moto.BeginClassAsync(GetType());
        using var host = new AwsTestHost(moto.Endpoint, o => o.StsRegion = stsRegion);

        await host.RestXml.SendAsync("default", "ListHostedZones", HttpMethod.Get, "/2013-04-01/hostedzone", null, CancellationToken.None);

        Assert.Equal(1, host.Counter.Count("route53", signingRegion, "ListHostedZones"));
    }
}
