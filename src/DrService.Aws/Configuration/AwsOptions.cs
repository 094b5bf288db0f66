using System.ComponentModel.DataAnnotations;

namespace DrService.Aws.Configuration;

/// <summary>The <c>DrService:Aws</c> section: how DrService reaches AWS.</summary>
public sealed class AwsOptions
{
    public const string SectionPath = "DrService:Aws";

    /// <summary>Endpoint override for every service (an emulator such as moto server). Null means the real AWS endpoints.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Named AWS accounts; applications refer to one by name. "default" is used when an application names none.</summary>
    public Dictionary<string, AwsAccountOptions> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>One retry policy for every client (the official SDK's retry mode and our own clients).</summary>
    [Required]
    public AwsRetryOptions Retry { get; set; } = new();

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Region of the STS endpoint used to assume account roles and to check credentials. Set it to the DR region so
    /// that credentials keep resolving while the primary region is dark (regional STS endpoints are independent).
    /// </summary>
    [Required]
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]$", ErrorMessage = "must be an AWS region name such as us-east-1")]
    public string StsRegion { get; set; } = "us-east-1";

    /// <summary>Workarounds for an emulator's faults (the sandbox and tests); all off unless named. See <see cref="Configuration.EmulatorQuirks"/>.</summary>
    [Required]
    public EmulatorQuirks EmulatorQuirks { get; set; } = new();

    /// <summary>The fault and latency layer (tests and the sandbox). Off unless enabled.</summary>
    [Required]
    public FaultOptions Faults { get; set; } = new();
}

public sealed class AwsAccountOptions
{
    /// <summary>12-digit account id, used to build ARNs and to check the assumed identity.</summary>
    [RegularExpression("^[0-9]{12}$", ErrorMessage = "must be a 12-digit AWS account id")]
    public string? AccountId { get; set; }

    /// <summary>Role to assume (through STS AssumeRole) for this account; null uses the default credential chain as is.</summary>
    [RegularExpression("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", ErrorMessage = "must be an IAM role ARN (arn:aws:iam::123456789012:role/name)")]
    public string? AssumeRoleArn { get; set; }

    public string? ExternalId { get; set; }

    [Required]
    [StringLength(64, MinimumLength = 2)]
    public string SessionName { get; set; } = "drservice";

    /// <summary>
    /// AssumeRole's DurationSeconds. At most 1 hour: DrService runs as an ECS task role (or other assumed-role
    /// credentials), so its AssumeRole is role chaining. botocore sts 2011-06-15, AssumeRoleRequest.DurationSeconds:
    /// "Role chaining limits your Amazon Web Services CLI or Amazon Web Services API role session to a maximum of one
    /// hour." (the same text: "if you assume a role using role chaining and provide a DurationSeconds parameter value
    /// greater than one hour, the operation fails"). moto accepts 12 hours
    /// (issue 14, item 5; docs/design/aws-facts.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:15:00", "01:00:00", ErrorMessage = "must be between 00:15:00 and 01:00:00: AssumeRole under role chaining (an ECS task role) refuses more than one hour")]
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(1);
}

public sealed class AwsRetryOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
}

public sealed class FaultOptions
{
    public bool Enabled { get; set; }

    /// <summary>Rules are matched in order; the first rule whose region, service and operation match applies.</summary>
    public List<FaultRule> Rules { get; set; } = [];
}

public sealed class FaultRule
{
    /// <summary>A region name such as us-east-1, or "*" for all.</summary>
    [Required]
    public string Region { get; set; } = "*";

    /// <summary>A SigV4 service name (ec2, s3, rds, monitoring, route53, sts), or "*" for all.</summary>
    [Required]
    public string Service { get; set; } = "*";

    /// <summary>An operation name (CopySnapshot), or "*" for all.</summary>
    public string Operation { get; set; } = "*";

    /// <summary>The region answers nothing: every call fails fast with a region-unavailable error.</summary>
    public bool Dark { get; set; }

    /// <summary>Fraction of calls (0 to 1) answered with a throttling error.</summary>
    [Range(0.0, 1.0)]
    public double ThrottleRate { get; set; }

    /// <summary>Fraction of calls (0 to 1) answered with HTTP 503.</summary>
    [Range(0.0, 1.0)]
    public double ServerErrorRate { get; set; }

    /// <summary>Latency added before each matching call.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Latency { get; set; }

    /// <summary>Every matching call is answered with this AWS error code (AccessDenied, KMSKeyNotAccessibleFault, ResourceLimitExceeded...).</summary>
    [StringLength(200)]
    public string? ErrorCode { get; set; }

    /// <summary>
    /// <see cref="ErrorCode"/> is answered after the call went through to AWS (which did the work): a lost answer, as
    /// when a 5xx or a reset comes back for a call that took effect. False: answered instead of the call.
    /// </summary>
    public bool AfterCall { get; set; }

    /// <summary>The HTTP status of <see cref="ErrorCode"/>'s answer.</summary>
    [Range(400, 599)]
    public int ErrorStatus { get; set; } = 400;

    /// <summary>Only calls whose request (URL or body) contains this text, e.g. a resource id; null: every call.</summary>
    [StringLength(500)]
    public string? RequestContains { get; set; }

    /// <summary>Only the first N matching calls are affected (0 = no limit): a burst rather than a storm.</summary>
    [Range(0, int.MaxValue)]
    public int Limit { get; set; }
}
