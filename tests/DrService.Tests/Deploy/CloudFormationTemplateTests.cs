using System.Text.Json.Nodes;
using DrService.Testing;

namespace DrService.Tests.Deploy;

/// <summary>
/// deploy/cloudformation/drservice.yaml: the real cfn-lint passes on it; it is read with cfn-lint's own YAML decoder
/// (CloudFormation's short-form tags included) and checked against the IAM policy file, the Dockerfile and the design
/// (two tasks, Multi-AZ encrypted PostgreSQL, read-only root file system, alarms, log retention).
/// </summary>
public sealed class CloudFormationTemplateTests
{
    private static readonly string TemplatePath = Path.Combine(Repository.Root, "deploy", "cloudformation", "drservice.yaml");

    private static readonly Lazy<Task<JsonNode>> Decoded = new(DecodeAsync);

    [Fact]
    public async Task CfnLint_Template_ExitsZero()
    {
        var cfnLint = ExternalTool.Find("cfn-lint")
            ?? throw new InvalidOperationException("cfn-lint is not installed (pip install cfn-lint); .ci/run checks it is present");

        var (code, stdout, stderr) = await ExternalTool.RunAsync(cfnLint, [TemplatePath], timeout: TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"cfn-lint exited {code}:\n{stdout}\n{stderr}");
    }

    [Fact]
    public async Task TaskRole_Policy_IsTheIamPolicyFile()
    {
        var template = await Decoded.Value;
        var policies = Resource(template, "TaskRole")["Properties"]!["Policies"]!.AsArray();

        var document = Assert.Single(policies)!["PolicyDocument"];

        Assert.True(JsonNode.DeepEquals(PolicyDocument.Load(), document),
            "the task role's policy in drservice.yaml differs from deploy/iam/drservice-task-policy.json: "
            + "run python3 deploy/cloudformation/sync-task-policy.py");
    }

    [Fact]
    public async Task Database_MultiAzEncryptedPostgres_KeptOnDelete()
    {
        var template = await Decoded.Value;
        var db = Resource(template, "Database");
        var p = db["Properties"]!;

        Assert.Equal("postgres", (string?)p["Engine"]);
        Assert.True((bool)p["MultiAZ"]!);
        Assert.True((bool)p["StorageEncrypted"]!);
        Assert.False((bool)p["PubliclyAccessible"]!);
        Assert.True((bool)p["DeletionProtection"]!);
        Assert.Equal("Snapshot", (string?)db["DeletionPolicy"]);
        Assert.NotNull(p["BackupRetentionPeriod"]);
        // The master password comes from the generated secret, never from a parameter or the template.
        Assert.Contains("{{resolve:secretsmanager:${DatabaseSecret}", p["MasterUserPassword"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_MatchesTheDockerfile_ReadOnlyRootWithWritableMounts()
    {
        var template = await Decoded.Value;
        var container = Resource(template, "TaskDefinition")["Properties"]!["ContainerDefinitions"]!.AsArray().Single()!;
        var dockerfile = Dockerfile.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "Dockerfile")));
        var imageEnv = Dockerfile.Environment(dockerfile.Final);
        var env = container["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]!.ToJsonString().Trim('"'));
        var mounts = container["MountPoints"]!.AsArray().Select(m => (string)m!["ContainerPath"]!).ToList();
        var port = (int)container["PortMappings"]![0]!["ContainerPort"]!;
        var exposed = dockerfile.Final.Single(i => i.Keyword == "EXPOSE").Words.Single();

        Assert.True((bool)container["ReadonlyRootFilesystem"]!);
        Assert.Contains(env["DrService__Storage__DataDirectory"], mounts);
        Assert.Contains(env["TMPDIR"], mounts);
        Assert.Equal(imageEnv["DrService__Storage__DataDirectory"], env["DrService__Storage__DataDirectory"]);
        Assert.Equal(exposed, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Postgres", env["DrService__Storage__Provider"]);
        Assert.DoesNotContain("Password", env["DrService__Storage__ConnectionString"], StringComparison.OrdinalIgnoreCase);
        // The container health check is the image's HEALTHCHECK command.
        var health = dockerfile.Final.Single(i => i.Keyword == "HEALTHCHECK").Arguments;
        var imageCommand = new DockerInstruction("CMD", health[(health.IndexOf("CMD", StringComparison.Ordinal) + 3)..].Trim(), 0).Words;
        var taskCommand = container["HealthCheck"]!["Command"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(["CMD", .. imageCommand], taskCommand);
        // The database password is a secret (Npgsql reads PGPASSWORD), not an environment value.
        var secrets = container["Secrets"]!.AsArray().Select(s => s!.ToJsonString()).ToList();
        Assert.Contains(secrets, s => s.Contains("\"Name\":\"PGPASSWORD\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_TwoTasksBehindAnInternalLoadBalancer_RollingWithRollback()
    {
        var template = await Decoded.Value;
        var service = Resource(template, "Service")["Properties"]!;
        var deployment = service["DeploymentConfiguration"]!;

        Assert.Equal(2, (int)template["Parameters"]!["DesiredCount"]!["Default"]!);
        Assert.Equal("internal", (string?)Resource(template, "LoadBalancer")["Properties"]!["Scheme"]);
        Assert.Equal("HTTPS", (string?)Resource(template, "Listener")["Properties"]!["Protocol"]);
        Assert.Equal("/healthz", (string?)Resource(template, "TargetGroup")["Properties"]!["HealthCheckPath"]);
        Assert.Equal(100, (int)deployment["MinimumHealthyPercent"]!);
        Assert.True((bool)deployment["DeploymentCircuitBreaker"]!["Rollback"]!);
        Assert.Equal("DISABLED", (string?)service["NetworkConfiguration"]!["AwsvpcConfiguration"]!["AssignPublicIp"]);
    }

    [Theory]
    [InlineData("AWS/ApplicationELB", "UnHealthyHostCount")]
    [InlineData("ECS/ContainerInsights", "RunningTaskCount")]
    [InlineData("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count")]
    [InlineData("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count")]
    [InlineData("AWS/RDS", "CPUUtilization")]
    [InlineData("AWS/RDS", "FreeStorageSpace")]
    public async Task Alarms_WatchTheServiceItself(string metricNamespace, string metric)
    {
        var template = await Decoded.Value;

        var alarms = Resources(template, "AWS::CloudWatch::Alarm")
            .Where(a => (string?)a["Properties"]!["Namespace"] == metricNamespace && (string?)a["Properties"]!["MetricName"] == metric)
            .ToList();

        var alarm = Assert.Single(alarms);
        Assert.NotNull(alarm["Properties"]!["AlarmActions"]);
    }

    [Fact]
    public async Task Logs_HaveRetention_AndNothingIsTaggedAsDrServiceOwned()
    {
        var template = await Decoded.Value;

        Assert.NotNull(Resource(template, "LogGroup")["Properties"]!["RetentionInDays"]);
        // dr:managed-by=drservice marks what DrService may delete (see the IAM policy): its own stack must never carry it.
        var tagKeys = template["Resources"]!.AsObject()
            .SelectMany(r => r.Value!["Properties"]?["Tags"]?.AsArray() ?? [])
            .Select(t => t!["Key"]!.ToJsonString().Trim('"'))
            .ToList();
        Assert.NotEmpty(tagKeys);
        Assert.DoesNotContain(tagKeys, k => k.StartsWith("dr:", StringComparison.Ordinal));
    }

    private static JsonNode Resource(JsonNode template, string name) =>
        template["Resources"]![name] ?? throw new InvalidOperationException($"no resource {name} in drservice.yaml");

    private static IEnumerable<JsonNode> Resources(JsonNode template, string type) =>
        template["Resources"]!.AsObject().Select(r => r.Value!).Where(r => (string?)r["Type"] == type);

    /// <summary>The template as JSON, decoded by cfn-lint's own decoder (short-form tags become Ref, Fn::Sub...).</summary>
    private static async Task<JsonNode> DecodeAsync()
    {
        const string script = """
            import json, sys
            from cfnlint.decode import decode
            template, problems = decode(sys.argv[1])
            if problems:
                sys.exit("\n".join(str(p) for p in problems))
            print(json.dumps(template))
            """;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var pyenv = Path.Combine(home, ".pyenv", "shims", "python3");
        var python = File.Exists(pyenv) ? pyenv : ExternalTool.Find("python3")
            ?? throw new InvalidOperationException("python3 (with cfn-lint installed) is needed to read the template");
        var (code, stdout, stderr) = await ExternalTool.RunAsync(python, ["-c", script, TemplatePath], timeout: TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"cfn-lint's decoder could not read drservice.yaml (exit {code}): {stderr}");
        return JsonNode.Parse(stdout)!;
    }
}
