using DrService.Testing;
using DrService.Configuration;

namespace DrService.Tests.Configuration;

public sealed class DrConfigurationLoaderTests : IDisposable
{
    private const string Orders = "DrService:Applications:orders";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Validate_RepositoryAppSettings_IsValid()
    {
        var result = ConfigurationFileBuilder.Validate(Repository.AppSettings);

        ConfigurationAssert.IsValid(result);
        Assert.Equal(["catalog", "ledger", "orders"], result.Options.Applications.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(15), result.Options.Applications["orders"].Rpo);
        Assert.Equal(ApplicationTier.B, result.Options.Applications["catalog"].Tier);
        Assert.Equal(14, result.Options.Applications["catalog"].Retention.ApplyTo(result.Options.Retention).KeepLast);
        Assert.Equal("0 0 2 * * ?", result.Options.Applications["catalog"].Schedule.BackupOr(result.Options.Schedules));
        Assert.Null(result.Options.Aws.ServiceUrl);
        var tags = result.Options.Applications["orders"].Resources.Instances!.Tags;
        Assert.Equal(new Dictionary<string, string> { ["dr:app"] = "orders" }, tags); // ':' in a key survives binding
        Assert.Null(result.Options.Telemetry.OtlpEndpoint);
    }

    public static TheoryData<string, string, string, string> BadValues => new()
    {
        // edited path, new JSON value, expected error path, expected reason (a substring)
        { $"{Orders}:Rpoo", "\"00:15:00\"", $"{Orders}:Rpoo", "unknown key (did you mean 'Rpo'?)" },
        { "DrService:Storge", "{}", "DrService:Storge", "unknown key (did you mean 'Storage'?)" },
        { "DrService:Aws:Retry:MaxAttempt", "3", "DrService:Aws:Retry:MaxAttempt", "unknown key (did you mean 'MaxAttempts'?)" },
        { "DrService:Colour", "\"blue\"", "DrService:Colour", "unknown key (known keys: Regions, Aws, Applications," },
        { $"{Orders}:Rpo", "\"15 minutes\"", $"{Orders}:Rpo", "expected a duration [d.]hh:mm:ss[.fff] such as 00:15:00 or 1.00:00:00 (was '15 minutes')" },
        { $"{Orders}:Rpo", "{ \"Minutes\": 15 }", $"{Orders}:Rpo", "not a section (found keys Minutes)" },
        { $"{Orders}:Tier", "\"C\"", $"{Orders}:Tier", "expected one of A, PilotLight, B (was 'C')" },
        { "DrService:Storage:Provider", "\"Mysql\"", "DrService:Storage:Provider", "expected one of Sqlite, Postgres (was 'Mysql')" },
        { "DrService:Retention:KeepLast", "\"abc\"", "DrService:Retention:KeepLast", "expected a whole number (was 'abc')" },
        { "DrService:Sandbox:Enabled", "\"yes\"", "DrService:Sandbox:Enabled", "expected true or false (was 'yes')" },
        { "DrService:Telemetry:OtlpEndpoint", "\"not a uri\"", "DrService:Telemetry:OtlpEndpoint", "expected an absolute URI" },
        { $"{Orders}:Resources:BucketPairs", "{ \"Source\": \"a\" }", $"{Orders}:Resources:BucketPairs:Source", "expected a list, indexed 0, 1, 2" },
        { $"{Orders}:Rpo", "\"00:00:00\"", $"{Orders}:Rpo", "must be positive (was 00:00:00)" },
        { $"{Orders}:Rto", "\"-00:05:00\"", $"{Orders}:Rto", "must be positive (was -00:05:00)" },
        { "DrService:Regions:Dr", "\"us-east-1\"", "DrService:Regions:Dr", "must differ from the primary region (was 'us-east-1')" },
        { "DrService:Regions:Primary", "\"us-east\"", "DrService:Regions:Primary", "must be an AWS region name such as us-east-1 (was 'us-east')" },
        { $"{Orders}:Account", "\"prod\"", $"{Orders}:Account", "unknown account 'prod' (DrService:Aws:Accounts has: default)" },
        { "DrService:Schedules:Backup", "\"every hour\"", "DrService:Schedules:Backup", "is not a valid Quartz cron expression" },
        { $"{Orders}:Schedule:Backup", "\"0 0/15 * * *\"", $"{Orders}:Schedule:Backup", "(was '0 0/15 * * *')" },
        { "DrService:Schedules:TimeZone", "\"Mars/Olympus\"", "DrService:Schedules:TimeZone", "unknown time zone" },
        { "DrService:Storage:Provider", "\"Postgres\"", "DrService:Storage:ConnectionString", "is required when Provider is Postgres" },
        { "DrService:Storage:DataDirectory", "\"\"", "DrService:Storage:DataDirectory", "is required when Provider is Sqlite" },
        { $"{Orders}:Resources:BucketPairs:0:Destination", "\"drservice-demo-orders\"", $"{Orders}:Resources:BucketPairs:0:Destination", "must differ from Source (was 'drservice-demo-orders')" },
        { $"{Orders}:Resources:ReadReplicas:0:Replica", "\"\"", $"{Orders}:Resources:ReadReplicas:0:Replica", "is required (was '')" },
        { $"{Orders}:Resources:DnsRecords:0:Type", "\"MX\"", $"{Orders}:Resources:DnsRecords:0:Type", "must be one of A, AAAA, CNAME (was 'MX')" },
        { "DrService:Applications:catalog:Resources", "{}", "DrService:Applications:catalog:Resources", "selects no resource" },
        { $"{Orders}:Resources:ReadReplicas", "[]", $"{Orders}:Resources:ReadReplicas", "a tier A application needs at least one cross-region read replica" },
        { $"{Orders}:Recovery:InstanceTypes", "{ \"m5.large\": \"large\" }", $"{Orders}:Recovery:InstanceTypes:m5.large", "must map an EC2 instance type" },
        { $"{Orders}:Resources:Instances", "{ \"Ids\": [] }", $"{Orders}:Resources:Instances", "selects nothing (set Ids, Tags or both" },
        { "DrService:Aws:Faults:Rules", "[ { \"ThrottleRate\": 1.5 } ]", "DrService:Aws:Faults:Rules:0:ThrottleRate", "must be between 0 and 1 (was 1.5)" },
        { "DrService:Aws:Faults:Rules", "[ { \"Region\": \"mars-1\" } ]", "DrService:Aws:Faults:Rules:0:Region", "must be an AWS region name or * (was 'mars-1')" },
        { "DrService:Aws:Retry:MaxDelay", "\"00:00:00.100\"", "DrService:Aws:Retry:MaxDelay", "must be at least BaseDelay (00:00:00.2000000)" },
        { "DrService:Aws:Accounts:default:AccountId", "\"12345\"", "DrService:Aws:Accounts:default:AccountId", "must be a 12-digit AWS account id (was '12345')" },
        { "DrService:Aws:Accounts:default:SessionDuration", "\"02:00:00\"", "DrService:Aws:Accounts:default:SessionDuration", "refuses more than one hour" },
        { $"{Orders}:Resources:DnsRecords:0:HealthCheck:Regions", "[ \"us-east-1\", \"eu-west-1\" ]", $"{Orders}:Resources:DnsRecords:0:HealthCheck:Regions", "must name at least 3 regions when set" },
        { $"{Orders}:Resources:DnsRecords:0:HealthCheck:Regions", "[ \"us-east-1\", \"eu-west-1\", \"eu-central-1\" ]", $"{Orders}:Resources:DnsRecords:0:HealthCheck:Regions", "(was 'eu-central-1')" },
        { "DrService:Retention:MinimumKeep", "0", "DrService:Retention:MinimumKeep", "must be at least 1 (was 0)" },
        { "DrService:Retention:Daily", "-1", "DrService:Retention:Daily", "must not be negative (was -1)" },
        { "DrService:Applications:catalog:Retention:Weekly", "-2", "DrService:Applications:catalog:Retention:Weekly", "must not be negative (was -2)" },
        { "DrService:Telemetry:PrometheusEndpoint", "\"metrics\"", "DrService:Telemetry:PrometheusEndpoint", "must be a path starting with '/' (was 'metrics')" },
        { "DrService:Sandbox:MotoPort", "70000", "DrService:Sandbox:MotoPort", "must be a TCP port" },
        { "DrService:Aws:EmulatorQuirks:PromotedReplicaKeepsSource", "true", "DrService:Aws:EmulatorQuirks:PromotedReplicaKeepsSource", "an emulator quirk needs DrService:Aws:ServiceUrl" },
        { $"{Orders}:Resources:BucketPairs:0:SamplePages", "0", $"{Orders}:Resources:BucketPairs:0:SamplePages", "must be between 1 and 100" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Validate_OneBadValue_ReportsExactlyThatPathAndReason(string editPath, string json, string errorPath, string reason)
    {
        var result = ConfigurationFileBuilder.FromRepository().With(editPath, json).Validate(_folder);

        ConfigurationAssert.HasError(result, errorPath, reason);
        Assert.True(result.Errors.Count == 1, $"expected one error, got:{Environment.NewLine}{ConfigurationAssert.List(result)}");
    }

    [Theory]
    [InlineData("Billing", "application name must be lowercase letters")]
    [InlineData("orders_eu", "application name must be lowercase letters")]
    [InlineData("-orders", "application name must be lowercase letters")]
    [InlineData("a-very-long-application-name-over-forty-chars", "at most 40 characters")]
    public void Validate_BadApplicationName_ReportsTheName(string name, string reason)
    {
        var orders = ConfigurationFileBuilder.FromRepository().ToJson();
        var app = System.Text.Json.Nodes.JsonNode.Parse(orders)!["DrService"]!["Applications"]!["orders"]!.ToJsonString();
        var result = ConfigurationFileBuilder.FromRepository().With($"DrService:Applications:{name}", app).Validate(_folder);

        ConfigurationAssert.HasError(result, $"DrService:Applications:{name}", reason);
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsEveryOne()
    {
        var result = ConfigurationFileBuilder.FromRepository()
            .With($"{Orders}:Rpoo", "\"00:15:00\"")
            .With($"{Orders}:Rto", "\"half an hour\"")
            .With($"{Orders}:Account", "\"prod\"")
            .With("DrService:Regions:Dr", "\"us-east-1\"")
            .With("DrService:Storage:Provider", "\"Postgres\"")
            .With("DrService:Applications:catalog:Resources", "{}")
            .Validate(_folder);

        ConfigurationAssert.HasError(result, $"{Orders}:Rpoo", "did you mean 'Rpo'?");
        ConfigurationAssert.HasError(result, $"{Orders}:Rto", "(was 'half an hour')");
        ConfigurationAssert.HasError(result, $"{Orders}:Account", "unknown account 'prod'");
        ConfigurationAssert.HasError(result, "DrService:Regions:Dr", "must differ");
        ConfigurationAssert.HasError(result, "DrService:Storage:ConnectionString", "is required");
        ConfigurationAssert.HasError(result, "DrService:Applications:catalog:Resources", "selects no resource");
        Assert.Equal(6, result.Errors.Count);
    }

    [Fact]
    public void Validate_NoDrServiceSection_ReportsMissingSection()
    {
        var result = ConfigurationFileBuilder.FromRepository().Without("DrService").Validate(_folder);

        ConfigurationAssert.HasError(result, "DrService", "section is missing");
    }

    [Fact]
    public void Load_InvalidFile_ThrowsWithOneLinePerErrorPrefixedByFile()
    {
        var file = _folder.Write("appsettings.json", ConfigurationFileBuilder.FromRepository()
            .With($"{Orders}:Rpo", "\"00:00:00\"").With("DrService:Regions:Dr", "\"us-east-1\"").ToJson());

        var ex = Assert.Throws<DrConfigurationException>(() => DrConfigurationLoader.Load(ConfigurationFileBuilder.Build(file), file));

        var lines = ex.Message.Split(Environment.NewLine);
        Assert.Equal("DrService configuration is invalid (2 errors):", lines[0]);
        Assert.Contains($"{file}: {Orders}:Rpo: must be positive (was 00:00:00)", lines);
        Assert.Contains($"{file}: DrService:Regions:Dr: must differ from the primary region (was 'us-east-1')", lines);
        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal(file, ex.FilePath);
        Assert.Equal(78, DrConfigurationException.ExitCode);
    }
}
