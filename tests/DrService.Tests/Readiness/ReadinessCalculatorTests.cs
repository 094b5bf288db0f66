using DrService.Configuration;
using DrService.Readiness;
using static DrService.Tests.Readiness.ReadinessInputBuilder;

namespace DrService.Tests.Readiness;

public sealed class ReadinessCalculatorTests
{
    [Theory]
    // Nothing known yet.
    [InlineData("", "", "", ReadinessVerdict.Unknown)]
    [InlineData("SecondaryReachable/Unknown/Warning", "DbSnapshot/Unknown", "Unknown", ReadinessVerdict.Unknown)]
    // All good.
    [InlineData("ReplicaLagWithinRpo/True/Critical/4;LagWithinRpo/True/Warning/30;SecondaryReachable/True/Critical", "DbSnapshot/Ok/600", "Healthy", ReadinessVerdict.Ready)]
    [InlineData("", "EbsSnapshot/Ok/60", "", ReadinessVerdict.Ready)]
    [InlineData("", "", "Healthy", ReadinessVerdict.Ready)]
    // NotReady: a Critical condition False, an RPO breached, the secondary down (whatever its severity).
    [InlineData("ReplicaLagWithinRpo/False/Critical/7200", "DbSnapshot/Ok/600", "Healthy", ReadinessVerdict.NotReady)]
    [InlineData("FailoverRecordsInSync/False/Critical", "", "Healthy", ReadinessVerdict.NotReady)]
    [InlineData("", "DbSnapshot/Ok/600;EbsSnapshot/Breached/9000", "Healthy", ReadinessVerdict.NotReady)]
    [InlineData("", "Image/Breached", "Healthy", ReadinessVerdict.NotReady)]
    [InlineData("SecondaryReachable/False/Warning", "", "Degraded", ReadinessVerdict.NotReady)]
    [InlineData("LagWithinRpo/False/Warning/3000;SecondaryReachable/False/Critical", "DbSnapshot/AtRisk/3000", "", ReadinessVerdict.NotReady)]
    // AtRisk: a Warning condition False or unobservable, an RPO at risk, the witnesses disagree, discovery failed.
    [InlineData("LagWithinRpo/False/Warning/3000", "DbSnapshot/Ok/600", "Healthy", ReadinessVerdict.AtRisk)]
    [InlineData("", "DbSnapshot/AtRisk/3000", "Healthy", ReadinessVerdict.AtRisk)]
    [InlineData("ReplicaLagWithinRpo/Unknown/Warning;SecondaryReachable/True/Critical", "", "Healthy", ReadinessVerdict.AtRisk)]
    [InlineData("", "DbSnapshot/Ok/600", "Degraded", ReadinessVerdict.AtRisk)]
    [InlineData("", "DbSnapshot/Ok/600;DbSnapshot/Error", "Healthy", ReadinessVerdict.AtRisk)]
    // Not counted: Info conditions, and conditions about the primary (a primary outage is why one fails over).
    [InlineData("Drift/False/Info;SecondaryReachable/True/Critical", "", "Healthy", ReadinessVerdict.Ready)]
    [InlineData("PrimaryReachable/False/Critical;Route53PrimaryHealthy/False/Critical;SecondaryReachable/True/Critical", "DbSnapshot/Ok/600", "PrimaryDown", ReadinessVerdict.Ready)]
    public void Calculate_Inputs_GivesVerdict(string conditions, string resources, string witness, ReadinessVerdict expected)
    {
        var result = ReadinessCalculator.Calculate("orders", App(), Conditions(conditions), Resources(resources), WitnessVerdictOf(witness, !conditions.Contains("SecondaryReachable/False", StringComparison.Ordinal)));

        Assert.Equal(expected, result.Verdict);
        if (expected == ReadinessVerdict.Ready)
        {
            Assert.Empty(result.Reasons);
        }
        else if (expected != ReadinessVerdict.Unknown)
        {
            Assert.Equal(expected, result.Reasons[0].Impact); // the worst reason first
        }
    }

    [Theory]
    // Tier B: copy ages and S3 lags count.
    [InlineData(ApplicationTier.B, "LagWithinRpo/True/Warning/30", "DbSnapshot/Ok/600;EbsSnapshot/Ok/900", 900.0)]
    [InlineData(ApplicationTier.B, "LagWithinRpo/False/Warning/5000", "DbSnapshot/Ok/600", 5000.0)]
    // Tier A / PilotLight: the replica carries the database, so DB snapshot ages do not count; volume copies still do.
    [InlineData(ApplicationTier.A, "ReplicaLagWithinRpo/True/Critical/4;LagWithinRpo/True/Warning/30", "DbSnapshot/Ok/3000", 30.0)]
    [InlineData(ApplicationTier.PilotLight, "ReplicaLagWithinRpo/True/Critical/45", "DbClusterSnapshot/Ok/3000;EbsSnapshot/Ok/120", 120.0)]
    [InlineData(ApplicationTier.A, "ReplicaLagWithinRpo/False/Critical/7200", "", 7200.0)]
    // Without a replica the DB snapshots are the database's copies, whatever the tier.
    [InlineData(ApplicationTier.A, "LagWithinRpo/True/Warning/30", "DbSnapshot/Ok/3000", 3000.0)]
    // Several replicas: the largest lag.
    [InlineData(ApplicationTier.A, "ReplicaLagWithinRpo/True/Critical/4;ReplicaLagWithinRpo/True/Critical/12", "", 12.0)]
    // Nothing measured, or a resource with no copy at all: no finite estimate.
    [InlineData(ApplicationTier.B, "", "", null)]
    [InlineData(ApplicationTier.B, "ReplicaLagWithinRpo/Unknown/Warning", "DbSnapshot/Unknown", null)]
    [InlineData(ApplicationTier.B, "", "DbSnapshot/Ok/600;Image/Breached", null)]
    public void Calculate_LagsAndAges_EstimatesDataLossForTier(ApplicationTier tier, string conditions, string resources, double? expected)
    {
        var result = ReadinessCalculator.Calculate("orders", App(tier), Conditions(conditions), Resources(resources), WitnessVerdictOf("Healthy"));

        Assert.Equal(expected, result.EstimatedDataLossSeconds);
    }

    [Fact]
    public void Calculate_ResourceWithoutCopy_SaysSoInReasonAndInputs()
    {
        var result = ReadinessCalculator.Calculate("orders", App(), Conditions(""), Resources("DbSnapshot/Ok/600;Image/Breached"), WitnessVerdictOf("Healthy"));

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(("rpo", "instance:res-1", "RpoBreached"), (reason.Input, reason.Subject, reason.Type));
        Assert.StartsWith("No copy in the DR region yet (RPO ", reason.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("age", reason.Message, StringComparison.Ordinal); // not "Newest copy age no copy ... exceeds"
        Assert.Equal((1, 600.0), (result.Inputs.ResourcesWithoutCopy, result.Inputs.OldestCopyAgeSeconds!.Value));
    }

    [Fact]
    public void Calculate_FailingInputs_NameConditionSubjectAndMessageWorstFirst()
    {
        var result = ReadinessCalculator.Calculate("orders", App(), Conditions("LagWithinRpo/False/Warning/3000;ReplicaLagWithinRpo/False/Critical/7200"),
            Resources(""), WitnessVerdictOf("Healthy"));

        Assert.Equal(
            [(ReadinessVerdict.NotReady, "replica:orders-db-dr-1", "ReplicaLagWithinRpo"), (ReadinessVerdict.AtRisk, "bucket:orders-assets-0", "LagWithinRpo")],
            result.Reasons.Select(r => (r.Impact, r.Subject, r.Type)));
        Assert.All(result.Reasons, r => Assert.Equal("condition", r.Input));
        Assert.Equal((7200.0, 3000.0), (result.Inputs.ReplicaLagSeconds!.Value, result.Inputs.S3LagSeconds!.Value));
    }

    [Theory]
    [InlineData(ApplicationTier.A, false, ReadinessVerdict.AtRisk)]
    [InlineData(ApplicationTier.A, true, ReadinessVerdict.Ready)]
    [InlineData(ApplicationTier.B, false, ReadinessVerdict.Ready)]
    public void Calculate_DnsFailoverConfiguration_TierANeedsIt(ApplicationTier tier, bool dns, ReadinessVerdict expected)
    {
        var result = ReadinessCalculator.Calculate("orders", App(tier, dns), Conditions("SecondaryReachable/True/Critical"), Resources(""), WitnessVerdictOf("Healthy"));

        Assert.Equal(expected, result.Verdict);
        Assert.Equal(dns, result.Inputs.DnsFailoverConfigured);
    }

    [Fact]
    public void Calculate_NoSmokeTestUrl_AtRiskSayingTheRtoIsMeasuredToInfrastructureReady()
    {
        var result = ReadinessCalculator.Calculate("ledger", App(smokeTest: false), Conditions("SecondaryReachable/True/Critical"), Resources("DbSnapshot/Ok/600"), WitnessVerdictOf("Healthy"));

        Assert.Equal(ReadinessVerdict.AtRisk, result.Verdict);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal(("configuration", "SmokeTest"), (reason.Input, reason.Type));
        Assert.Contains("infrastructure ready", reason.Message, StringComparison.Ordinal);
    }
}
