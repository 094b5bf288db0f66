using System.Text.Json.Nodes;
using DrService.Testing;

namespace DrService.IntegrationTests.Faults;

/// <summary>
/// THE configuration file of a fault test's service: one application over the smallest estate, quick polls and
/// retries, schedules that never fire unless a test asks, moto server as the AWS endpoint.
/// </summary>
internal sealed class ServiceConfig
{
    /// <summary>A cron that does not fire during a test (1 January, 03:00).</summary>
    public const string Never = "0 0 3 1 1 ?";

    public required Uri Moto { get; init; }

    public string Application { get; init; } = FaultEstate.Unique("shop");

    public string[] VolumeIds { get; init; } = [];

    public string[] DatabaseIds { get; init; } = [];

    public (string Source, string Destination)[] Buckets { get; init; } = [];

    public Uri? PrimaryProbe { get; init; }

    /// <summary>SQLite in this folder unless <see cref="PostgresConnectionString"/> is set.</summary>
    public string? DataFolder { get; init; }

    public string? PostgresConnectionString { get; init; }

    public string BackupCron { get; init; } = Never;

    public string MonitoringCron { get; init; } = Never;

    /// <summary>Keep only the newest copy (and the floor of one): any surplus copy is a deletion candidate.</summary>
    public bool AggressiveRetention { get; init; }

    public int EbsCopyLimit { get; init; } = 20;

    public int CopyAttempts { get; init; } = 3;

    /// <summary>The SDK's attempts per AWS call (<c>Aws:Retry:MaxAttempts</c>).</summary>
    public int AwsAttempts { get; init; } = 3;

    /// <summary>DrService:Aws:RequestTimeout (one HTTP attempt).</summary>
    public string AwsRequestTimeout { get; init; } = "00:00:30";

    /// <summary>Configured fault rules (DrService:Aws:Faults), for a service in its own process.</summary>
    public JsonArray FaultRules { get; init; } = [];

    public string Write(TempFolder folder)
    {
        var resources = new JsonObject();
        if (VolumeIds.Length > 0)
        {
            resources["Volumes"] = new JsonObject { ["Ids"] = new JsonArray([.. VolumeIds.Select(v => (JsonNode?)v)]) };
        }
        if (DatabaseIds.Length > 0)
        {
            resources["DbInstances"] = new JsonObject { ["Ids"] = new JsonArray([.. DatabaseIds.Select(v => (JsonNode?)v)]) };
        }
        if (Buckets.Length > 0)
        {
            resources["BucketPairs"] = new JsonArray([.. Buckets.Select(p => (JsonNode?)new JsonObject { ["Source"] = p.Source, ["Destination"] = p.Destination, ["Prefix"] = "" })]);
        }
        var app = new JsonObject
        {
            ["Tier"] = "B",
            ["Rpo"] = "01:00:00",
            ["Rto"] = "04:00:00",
            ["Schedule"] = new JsonObject { ["Backup"] = BackupCron },
            ["Backup"] = new JsonObject { ["Mode"] = "CopyExisting" },
            ["Resources"] = resources,
        };
        if (AggressiveRetention)
        {
            app["Retention"] = new JsonObject { ["KeepLast"] = 1, ["KeepFor"] = "00:00:00", ["Daily"] = 0, ["Weekly"] = 0, ["Monthly"] = 0, ["MinimumKeep"] = 1 };
        }
        if (PrimaryProbe is not null)
        {
            app["Probes"] = new JsonObject { ["Primary"] = PrimaryProbe.ToString(), ["Interval"] = "00:00:01", ["Timeout"] = "00:00:01", ["Threshold"] = 1 };
        }
        var storage = PostgresConnectionString is null
            ? new JsonObject { ["Provider"] = "Sqlite", ["DataDirectory"] = DataFolder ?? Path.Combine(folder.Path, "data") }
            : new JsonObject { ["Provider"] = "Postgres", ["ConnectionString"] = PostgresConnectionString };
        var root = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning", ["DrService"] = "Information", ["Microsoft.EntityFrameworkCore"] = "Error", ["Quartz"] = "Warning" } },
            ["DrService"] = new JsonObject
            {
                ["Regions"] = new JsonObject { ["Primary"] = FaultEstate.Primary, ["Dr"] = FaultEstate.Dr },
                ["Aws"] = new JsonObject
                {
                    ["ServiceUrl"] = Moto.ToString(),
                    ["EmulatorQuirks"] = MotoServer.QuirksJson(),
                    ["StsRegion"] = FaultEstate.Dr,
                    ["RequestTimeout"] = AwsRequestTimeout,
                    ["Retry"] = new JsonObject { ["MaxAttempts"] = AwsAttempts, ["BaseDelay"] = "00:00:00.020", ["MaxDelay"] = "00:00:00.100" },
                    ["Faults"] = new JsonObject { ["Enabled"] = FaultRules.Count > 0, ["Rules"] = FaultRules.DeepClone() },
                },
                ["Applications"] = new JsonObject { [Application] = app },
                ["Schedules"] = new JsonObject { ["Backup"] = Never, ["Monitoring"] = MonitoringCron, ["Retention"] = Never, ["TimeZone"] = "UTC", ["CatchUpWindow"] = "00:10:00" },
                ["Backups"] = new JsonObject
                {
                    ["Limits"] = new JsonObject { ["EbsSnapshotCopies"] = EbsCopyLimit },
                    ["PollInterval"] = "00:00:01",
                    ["MaxCopyAttempts"] = CopyAttempts,
                    ["RetryBaseDelay"] = "00:00:00.100",
                    ["RetryMaxDelay"] = "00:00:00.300",
                },
                ["Storage"] = storage,
            },
        };
        return folder.Write("appsettings.json", root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// A configured latency rule (the fault layer in a service's own process); with <paramref name="requestContains"/>,
    /// only for requests whose URL or body contain it (one item of a fan-out).
    /// </summary>
    public static JsonObject Latency(string region, string service, string operation, TimeSpan latency, string? requestContains = null)
    {
        var rule = new JsonObject
        {
            ["Region"] = region,
            ["Service"] = service,
            ["Operation"] = operation,
            ["Latency"] = latency.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (requestContains is not null)
        {
            rule["RequestContains"] = requestContains;
        }
        return rule;
    }
}
