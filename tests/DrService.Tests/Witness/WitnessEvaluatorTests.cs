using DrService.Witness;

namespace DrService.Tests.Witness;

public sealed class WitnessEvaluatorTests
{
    /// <summary>Results: '+' up, '-' down. Expected status after each: '?' unknown, 'U' up, 'D' down.</summary>
    [Theory]
    [InlineData(1, "+-+", "UDU")]
    [InlineData(2, "++", "?U")]
    [InlineData(2, "+-+-", "????")]
    [InlineData(3, "+++--+---", "??UUUUUUD")]
    [InlineData(3, "---++-+++", "??DDDDDDU")]
    [InlineData(2, "++-+--++", "?UUUUDDU")]
    public void Observe_ResultSequence_ChangesStatusOnlyAfterThresholdInARow(int threshold, string results, string expected)
    {
        var state = EndpointState.Initial;
        var actual = "";
        foreach (var r in results)
        {
            state = WitnessEvaluator.Observe(state, new ProbeResult(r == '+', TimeSpan.FromMilliseconds(5), r == '+' ? "HTTP 200" : "HTTP 503"), threshold);
            actual += state.Status switch { EndpointStatus.Up => 'U', EndpointStatus.Down => 'D', _ => '?' };
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Observe_SameResultRepeated_CountsStreak()
    {
        var state = EndpointState.Initial;
        for (var i = 0; i < 4; i++)
        {
            state = WitnessEvaluator.Observe(state, new ProbeResult(false, TimeSpan.Zero, "connection refused"), 3);
        }

        Assert.Equal(4, state.Streak);
        Assert.Equal("down; last probe connection refused; 4 failure(s) in a row (threshold 3)", state.Describe(3));
    }

    [Theory]
    // Primary up.
    [InlineData(EndpointStatus.Up, EndpointStatus.Up, Route53Opinion.None, true, WitnessVerdict.Healthy, "primary and the secondary are up")]
    [InlineData(EndpointStatus.Up, EndpointStatus.NotProbed, Route53Opinion.None, true, WitnessVerdict.Healthy, "not probed")]
    [InlineData(EndpointStatus.Up, EndpointStatus.Up, Route53Opinion.Healthy, true, WitnessVerdict.Healthy, "are up")]
    [InlineData(EndpointStatus.Up, EndpointStatus.Up, Route53Opinion.Unknown, true, WitnessVerdict.Healthy, "are up")]
    [InlineData(EndpointStatus.Up, EndpointStatus.Down, Route53Opinion.None, true, WitnessVerdict.Degraded, "secondary is down")]
    [InlineData(EndpointStatus.Up, EndpointStatus.Up, Route53Opinion.Unhealthy, true, WitnessVerdict.Degraded, "witnesses disagree")]
    [InlineData(EndpointStatus.Up, EndpointStatus.Up, Route53Opinion.Unhealthy, false, WitnessVerdict.Degraded, "witnesses disagree")]
    [InlineData(EndpointStatus.Up, EndpointStatus.Down, Route53Opinion.Unhealthy, true, WitnessVerdict.Degraded, "disagree")]
    [InlineData(EndpointStatus.Up, EndpointStatus.Unknown, Route53Opinion.None, true, WitnessVerdict.Unknown, "secondary yet")]
    // Primary down.
    [InlineData(EndpointStatus.Down, EndpointStatus.Up, Route53Opinion.Unhealthy, true, WitnessVerdict.PrimaryDown, "agree")]
    [InlineData(EndpointStatus.Down, EndpointStatus.Down, Route53Opinion.Unhealthy, true, WitnessVerdict.PrimaryDown, "agree")]
    [InlineData(EndpointStatus.Down, EndpointStatus.NotProbed, Route53Opinion.None, true, WitnessVerdict.PrimaryDown, "no Route 53 health check")]
    [InlineData(EndpointStatus.Down, EndpointStatus.Up, Route53Opinion.Healthy, true, WitnessVerdict.Degraded, "witnesses disagree")]
    [InlineData(EndpointStatus.Down, EndpointStatus.Up, Route53Opinion.Unknown, true, WitnessVerdict.Degraded, "witnesses disagree")]
    [InlineData(EndpointStatus.Down, EndpointStatus.Up, Route53Opinion.Healthy, false, WitnessVerdict.PrimaryDown, "agreement not required")]
    [InlineData(EndpointStatus.Down, EndpointStatus.Up, Route53Opinion.Unknown, false, WitnessVerdict.PrimaryDown, "agreement not required")]
    [InlineData(EndpointStatus.Down, EndpointStatus.Unknown, Route53Opinion.Unhealthy, false, WitnessVerdict.PrimaryDown, "agree")]
    // Not enough observations of the primary.
    [InlineData(EndpointStatus.Unknown, EndpointStatus.Up, Route53Opinion.Unhealthy, true, WitnessVerdict.Unknown, "Not enough observations")]
    [InlineData(EndpointStatus.Unknown, EndpointStatus.Down, Route53Opinion.None, true, WitnessVerdict.Unknown, "Not enough observations")]
    [InlineData(EndpointStatus.NotProbed, EndpointStatus.Up, Route53Opinion.Healthy, true, WitnessVerdict.Unknown, "not probed")]
    public void Evaluate_Combination_GivesVerdict(
        EndpointStatus primary, EndpointStatus secondary, Route53Opinion route53, bool requireAgreement, WitnessVerdict expected, string detail)
    {
        var assessment = WitnessEvaluator.Evaluate(primary, secondary, route53, requireAgreement);

        Assert.Equal(expected, assessment.Verdict);
        Assert.Contains(detail, assessment.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", Route53Opinion.None)]
    [InlineData("T", Route53Opinion.Healthy)]
    [InlineData("TT", Route53Opinion.Healthy)]
    [InlineData("TF", Route53Opinion.Unhealthy)]
    [InlineData("T?", Route53Opinion.Unknown)]
    [InlineData("?F", Route53Opinion.Unhealthy)]
    public void Combine_SeveralRoute53Checks_UnhealthyWinsThenUnknown(string checks, Route53Opinion expected)
    {
        var values = checks.Select(c => c switch { 'T' => true, 'F' => (bool?)false, _ => null });

        Assert.Equal(expected, WitnessEvaluator.Combine(values));
    }
}
