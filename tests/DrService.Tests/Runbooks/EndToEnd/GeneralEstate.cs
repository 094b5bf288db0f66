using Amazon.EC2;
using Amazon.EC2.Model;
using Tag = Amazon.EC2.Model.Tag;
using Amazon.S3;
using Amazon.S3.Model;
using DrService.Aws;
using DrService.Aws.Rds;
using DrService.Aws.Route53;
using DrService.Configuration;
using DrService.Testing;
using DrService.Tests.Configuration;

namespace DrService.Tests.Runbooks.EndToEnd;

/// <summary>
/// An estate shaped like a customer's, not like the sandbox's one-of-each: two applications configured the way the
/// docs allow, built in moto with the production clients.
/// <list type="bullet">
/// <item><b>warehouse</b> (tier B): three databases, one selected by id and two by tags (one with a 63-character
///   identifier, AWS's limit), an untagged database beside them that must never be recovered; an Aurora cluster; two
///   roles (web, worker) from two AMIs, each instance with a data volume attached at its own device; two DNS records;
///   no bucket pair and no probes.</item>
/// <item><b>inventory</b> (tier A): two databases each with a cross-region read replica; one instance (no volumes);
///   a replicated bucket pair; one DNS record; a smoke-test URL.</item>
/// </list>
/// </summary>
internal static class GeneralEstate
{
    public const string Zone = "estate.example.";
    public const string LongDb = "wh-audit-db-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; // 63 characters
    public static readonly string[] WarehouseDbs = ["wh-orders-db", "wh-stock-db", LongDb];
    public const string Untouched = "wh-other-db";
    public const string Cluster = "wh-aurora";
    public static readonly (string Role, string Type, string Device, int GiB)[] Roles = [("web", "t3.small", "/dev/sdf", 30), ("worker", "t3.medium", "/dev/sdg", 50)];
    public static readonly string[] InventoryDbs = ["inv-db-a", "inv-db-b"];
    public const string Bucket = "inv-assets-estate";

    /// <summary>The shipped configuration with these two applications instead of the demo's, validated as the host would.</summary>
    public static DrOptions Options(TempFolder folder, Uri smokeUrl)
    {
        var builder = ConfigurationFileBuilder.FromRepository().With("DrService:Applications", $$"""
            {
              "warehouse": {
                "Tier": "B", "Rpo": "04:00:00", "Rto": "02:00:00",
                "Backup": { "Mode": "CopyExisting" },
                "Resources": {
                  "Instances": { "Tags": { "dr:app": "warehouse" } },
                  "Volumes": { "Tags": { "dr:app": "warehouse" } },
                  "DbInstances": { "Ids": [ "wh-orders-db" ], "Tags": { "dr:app": "warehouse" } },
                  "DbClusters": { "Ids": [ "{{Cluster}}" ] },
                  "DnsRecords": [
                    { "HostedZone": "{{Zone}}", "Name": "wh.{{Zone}}", "Type": "A", "Primary": { "Values": [ "192.0.2.21" ] }, "Secondary": { "Values": [ "198.51.100.21" ] }, "HealthCheck": { "Type": "HTTP", "Port": 80, "Path": "/health" } },
                    { "HostedZone": "{{Zone}}", "Name": "wh-api.{{Zone}}", "Type": "A", "Primary": { "Values": [ "192.0.2.22" ] }, "Secondary": { "Values": [ "198.51.100.22" ] }, "HealthCheck": { "Type": "HTTP", "Port": 80, "Path": "/health" } }
                  ]
                },
                "Recovery": { "InstanceType": "t3.micro", "AvailabilityZone": "us-west-2a", "DbInstanceClass": "db.t3.micro" }
              },
              "inventory": {
                "Tier": "A", "Rpo": "00:15:00", "Rto": "00:30:00",
                "Backup": { "Mode": "CopyExisting" },
                "Resources": {
                  "Instances": { "Tags": { "dr:app": "inventory" } },
                  "ReadReplicas": [ { "Source": "inv-db-a", "Replica": "inv-db-a-dr" }, { "Source": "inv-db-b", "Replica": "inv-db-b-dr" } ],
                  "BucketPairs": [ { "Source": "{{Bucket}}", "Destination": "{{Bucket}}-dr", "Prefix": "" } ],
                  "DnsRecords": [
                    { "HostedZone": "{{Zone}}", "Name": "inv.{{Zone}}", "Type": "A", "Primary": { "Values": [ "192.0.2.31" ] }, "Secondary": { "Values": [ "198.51.100.31" ] }, "HealthCheck": { "Type": "HTTP", "Port": 80, "Path": "/health" } }
                  ]
                },
                "Probes": { "Primary": "http://192.0.2.31/health", "Secondary": "{{smokeUrl}}" },
                "Recovery": { "InstanceType": "t3.micro", "AvailabilityZone": "us-west-2a", "DbInstanceClass": "db.t3.micro", "SmokeTestUrl": "{{smokeUrl}}" }
              }
            }
            """);
        var result = builder.Validate(folder);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        return result.Options;
    }

    /// <summary>Builds both applications' resources and source backups in the primary region (and the replicas in the DR region).</summary>
    public static async Task BuildAsync(IAwsClientFactory clients, IRdsClient rds, IRoute53Client route53, string primary, string dr)
    {
        var ec2 = clients.Ec2(primary);
        foreach (var (role, type, device, gib) in Roles)
        {
            var instance = (await ec2.RunInstancesAsync(new RunInstancesRequest
            {
                ImageId = "ami-0estate0base", InstanceType = InstanceType.FindValue(type), MinCount = 1, MaxCount = 1,
                TagSpecifications = [Tags(ResourceType.Instance, $"wh-{role}", ("dr:app", "warehouse"), ("role", role))],
            })).Reservation.Instances[0];
            var volume = (await ec2.CreateVolumeAsync(new CreateVolumeRequest
            {
                AvailabilityZone = instance.Placement.AvailabilityZone, Size = gib, VolumeType = VolumeType.Gp3,
                TagSpecifications = [Tags(ResourceType.Volume, $"wh-{role}-data", ("dr:app", "warehouse"), ("role", role))],
            })).Volume;
            await ec2.AttachVolumeAsync(new AttachVolumeRequest { VolumeId = volume.VolumeId, InstanceId = instance.InstanceId, Device = device });
            await ec2.CreateSnapshotAsync(new CreateSnapshotRequest { VolumeId = volume.VolumeId, Description = $"wh-{role} data" });
            await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = $"wh-{role}-golden", NoReboot = true });
        }
        var app = (await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-0estate0base", InstanceType = InstanceType.T3Micro, MinCount = 1, MaxCount = 1,
            TagSpecifications = [Tags(ResourceType.Instance, "inv-app", ("dr:app", "inventory"), ("role", "app"))],
        })).Reservation.Instances[0];
        await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = app.InstanceId, Name = "inv-app-golden", NoReboot = true });

        var tagged = new Dictionary<string, string> { ["dr:app"] = "warehouse" };
        foreach (var (db, tags) in new[] { ("wh-orders-db", null), ("wh-stock-db", tagged), (LongDb, tagged), (Untouched, null) })
        {
            await rds.CreateDBInstanceAsync(primary, new DbInstanceCreate(db, "db.t3.micro", "postgres", "estate", "estate-password-1", AllocatedStorage: 20, Tags: tags));
            await rds.CreateDBSnapshotAsync(primary, db, $"{db[..Math.Min(db.Length, 50)]}-s1", tags);
        }
        await rds.CreateDBClusterAsync(primary, new DbClusterCreate(Cluster, "aurora-postgresql", "estate", "estate-password-1"));
        await rds.CreateDBClusterSnapshotAsync(primary, Cluster, $"{Cluster}-s1");
        foreach (var db in InventoryDbs)
        {
            var source = await rds.CreateDBInstanceAsync(primary, new DbInstanceCreate(db, "db.t3.micro", "postgres", "estate", "estate-password-1", AllocatedStorage: 20));
            await rds.CreateDBInstanceReadReplicaAsync(dr, new DbReadReplicaCreate($"{db}-dr", source.Arn, SourceRegion: primary, InstanceClass: "db.t3.micro"));
        }

        var s3 = clients.S3(primary);
        var s3Dr = clients.S3(dr);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        await s3Dr.PutBucketAsync(new PutBucketRequest { BucketName = Bucket + "-dr", BucketRegion = S3Region.FindValue(dr) });
        foreach (var (client, bucket) in new[] { (s3, Bucket), (s3Dr, Bucket + "-dr") })
        {
            await client.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        }
        await s3.PutBucketReplicationAsync(new PutBucketReplicationRequest
        {
            BucketName = Bucket,
            Configuration = new ReplicationConfiguration
            {
                Role = "arn:aws:iam::123456789012:role/estate-replication",
                Rules = [new ReplicationRule { Id = "all", Status = ReplicationRuleStatus.Enabled, Priority = 1, Filter = new ReplicationRuleFilter { Prefix = "" },
                    DeleteMarkerReplication = new DeleteMarkerReplication { Status = DeleteMarkerReplicationStatus.Enabled },
                    Destination = new ReplicationDestination { BucketArn = $"arn:aws:s3:::{Bucket}-dr" } }],
            },
        });
        await route53.CreateHostedZoneAsync(new NewHostedZone(Zone, "estate-zone"));
    }

    private static TagSpecification Tags(ResourceType type, string name, params (string Key, string Value)[] tags) => new()
    {
        ResourceType = type,
        Tags = [new Tag("Name", name), .. tags.Select(t => new Tag(t.Key, t.Value))],
    };
}
