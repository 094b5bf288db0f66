using DrService.Configuration;

namespace DrService.Advisor;

/// <summary>One step of a failover runbook as the advisor needs it: its id, its action, what it waits for.</summary>
public sealed record RunbookShapeStep(string Id, string Action, IReadOnlyList<string> DependsOn);

/// <summary>The step graph of a tier's failover runbook.</summary>
public sealed record RunbookShape(string RunbookId, IReadOnlyList<RunbookShapeStep> Steps);

/// <summary>
/// The failover runbook of a tier, reduced to its step graph. The runbook catalog implements it (registered before
/// <c>AddDrAdvisor</c>, or replacing it); until then <see cref="BuiltInRunbookShapes"/> answers.
/// </summary>
public interface IFailoverRunbookShapes
{
    /// <summary>The failover runbook <paramref name="application"/> would run in <paramref name="tier"/>; null when there is none.</summary>
    RunbookShape? Failover(string application, ApplicationTier tier);
}

/// <summary>
/// The built-in shapes: tier A (warm standby) promotes the replica while the running fleet scales out; pilot light
/// promotes the replica while the stopped fleet starts; tier B restores the database, launches the fleet from the AMI
/// copies and restores the volumes side by side. All then wait for health, smoke-test and switch DNS.
/// </summary>
public sealed class BuiltInRunbookShapes : IFailoverRunbookShapes
{
    public static readonly RunbookShape TierA = Shape("tier-a-failover", [("promote", "rds.promote-replica"), ("fleet", "ec2.scale-fleet")]);

    public static readonly RunbookShape PilotLight = Shape("pilot-light-failover", [("promote", "rds.promote-replica"), ("fleet", "ec2.start-fleet")]);

    public static readonly RunbookShape TierB = Shape("tier-b-failover",
        [("restore-db", "rds.restore-snapshot"), ("fleet", "ec2.launch-fleet"), ("volumes", "ec2.restore-volumes")]);

    public RunbookShape? Failover(string application, ApplicationTier tier) => tier switch
    {
        ApplicationTier.A => TierA,
        ApplicationTier.PilotLight => PilotLight,
        ApplicationTier.B => TierB,
        _ => null,
    };

    private static RunbookShape Shape(string id, (string Id, string Action)[] parallel)
    {
        List<RunbookShapeStep> steps = [.. parallel.Select(p => new RunbookShapeStep(p.Id, p.Action, []))];
        steps.Add(new("wait", "wait.healthy", [.. parallel.Select(p => p.Id)]));
        steps.Add(new("smoke", "smoke.http", ["wait"]));
        steps.Add(new("dns", "dns.switch", ["smoke"]));
        return new RunbookShape(id, steps);
    }
}
