using DrService.Runbooks.Lifecycle;

namespace DrService.Runbooks.Tests.Lifecycle;

public sealed class PhaseTransitionsTests
{
    // The whole from x to matrix, written out: a change to the table must change this list too.
    private static readonly HashSet<(Phase, Phase)> Legal =
    [
        (Phase.Pending, Phase.Running), (Phase.Pending, Phase.Cancelled), (Phase.Pending, Phase.Skipped), (Phase.Pending, Phase.Failed),
        (Phase.Running, Phase.WaitingForAws), (Phase.Running, Phase.Paused), (Phase.Running, Phase.Succeeded),
        (Phase.Running, Phase.PartiallyFailed), (Phase.Running, Phase.Failed), (Phase.Running, Phase.Cancelled),
        (Phase.WaitingForAws, Phase.Running), (Phase.WaitingForAws, Phase.Succeeded), (Phase.WaitingForAws, Phase.PartiallyFailed),
        (Phase.WaitingForAws, Phase.Failed), (Phase.WaitingForAws, Phase.Cancelled),
        (Phase.Paused, Phase.Running), (Phase.Paused, Phase.Failed), (Phase.Paused, Phase.Cancelled),
    ];

    public static TheoryData<Phase, Phase> AllPairs()
    {
        var data = new TheoryData<Phase, Phase>();
        foreach (var from in Enum.GetValues<Phase>())
        {
            foreach (var to in Enum.GetValues<Phase>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_EveryPair_MatchesTheTable(Phase from, Phase to)
    {
        Assert.Equal(Legal.Contains((from, to)), PhaseTransitions.CanMove(from, to));
    }

    [Fact]
    public void EnsureCanMove_IllegalMove_NamesRunPhasesAndOperation()
    {
        var ex = Assert.Throws<IllegalTransitionException>(
            () => PhaseTransitions.EnsureCanMove("backup-orders-20261128120000", Phase.Succeeded, Phase.Running, "resume"));

        Assert.Equal("Run 'backup-orders-20261128120000' cannot move from Succeeded to Running (resume).", ex.Message);
        Assert.Equal(Phase.Succeeded, ex.From);
        Assert.Equal(Phase.Running, ex.To);
    }

    [Theory]
    [InlineData(Phase.Succeeded, true)]
    [InlineData(Phase.PartiallyFailed, true)]
    [InlineData(Phase.Failed, true)]
    [InlineData(Phase.Cancelled, true)]
    [InlineData(Phase.Skipped, true)]
    [InlineData(Phase.Pending, false)]
    [InlineData(Phase.Running, false)]
    [InlineData(Phase.WaitingForAws, false)]
    [InlineData(Phase.Paused, false)]
    public void IsTerminal_EachPhase_HasNoWayOutWhenTerminal(Phase phase, bool terminal)
    {
        Assert.Equal(terminal, phase.IsTerminal());
        Assert.Equal(terminal, Enum.GetValues<Phase>().All(to => !PhaseTransitions.CanMove(phase, to)));
    }
}
