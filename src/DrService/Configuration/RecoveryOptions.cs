using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>
/// <c>DrService:Applications:{name}:Recovery</c>: what the failover, failback and drill runbooks build in the DR
/// region for the application, and which runbooks they are. Read by <c>RunbookParameters.For</c>.
/// </summary>
public sealed class RecoveryOptions
{
    /// <summary>EC2 instance type of the DR fleet launched from the newest AMI copy.</summary>
    [Required(AllowEmptyStrings = false)]
    public string InstanceType { get; set; } = "t3.micro";

    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int InstanceCount { get; set; } = 1;

    /// <summary>
    /// DR instance type per source instance type (<c>{ "m5.large": "m6i.large" }</c>): failover launches one instance per
    /// source instance with its own type, mapped here; a type not listed is kept. <see cref="InstanceType"/> is used only
    /// when the source's type cannot be read (the source region dark).
    /// </summary>
    public Dictionary<string, string> InstanceTypes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The tag whose value names an instance's role (web, worker): the recovered instance carries it too.</summary>
    [Required(AllowEmptyStrings = false)]
    public string RoleTag { get; set; } = "role";

    /// <summary>The DR region's subnet for the fleet; null: the default VPC's default subnet.</summary>
    public string? SubnetId { get; set; }

    public List<string> SecurityGroupIds { get; set; } = [];

    /// <summary>Where volumes restored from EBS copies are created; null: the DR region's first zone (<c>{Dr}a</c>).</summary>
    public string? AvailabilityZone { get; set; }

    /// <summary>Instance class of a database restored from a copy; null: the snapshot's.</summary>
    public string? DbInstanceClass { get; set; }

    /// <summary>The DR endpoint the smoke test GETs (200 expected); null: <c>Probes:Secondary</c>.</summary>
    public Uri? SmokeTestUrl { get; set; }

    /// <summary>Gate production failovers and failbacks on an approver (steps marked <c>approval</c>). Drills are never gated.</summary>
    public bool RequireApproval { get; set; } = true;

    /// <summary>Runbook ids replacing the tier's built-in ones (<c>tier-a-failover</c>...); null: the tier's.</summary>
    public string? FailoverRunbook { get; set; }

    public string? FailbackRunbook { get; set; }

    /// <summary>The runbook a drill runs (in drill mode); null: the failover runbook.</summary>
    public string? DrillRunbook { get; set; }

    /// <summary>A Quartz cron expression for scheduled drills; null: drills only on demand.</summary>
    public string? DrillSchedule { get; set; }
}
