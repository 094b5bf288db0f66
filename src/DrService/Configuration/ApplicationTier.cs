namespace DrService.Configuration;

/// <summary>How an application trades downtime against cost (see docs/architecture.md, "What it is").</summary>
public enum ApplicationTier
{
    /// <summary>Short downtime, expensive: frequent copies, a cross-region read replica, S3 replication.</summary>
    A,

    /// <summary>Between A and B: the data replicated, a minimal DR fleet kept stopped until failover.</summary>
    PilotLight,

    /// <summary>Long downtime, cheap: AMI, EBS and RDS snapshot copies restored on failover.</summary>
    B,
}
