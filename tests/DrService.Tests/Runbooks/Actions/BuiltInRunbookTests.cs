using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Testing;

namespace DrService.Tests.Runbooks.Actions;

/// <summary>Every built-in runbook (src/DrService/Runbooks/Definitions/*.yaml, as copied to the output) loads against the real catalog.</summary>
[Collection(MotoFixture.Collection)]
public sealed class BuiltInRunbookTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Runbooks", "Definitions");

    private ActionsTestHost _host = null!;

    public static TheoryData<string> Files => [.. Directory.GetFiles(Folder, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public async Task InitializeAsync() => _host = await ActionsTestHost.StartAsync(moto.Endpoint);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Folder_BuiltIns_TheFourRunbooksAreShipped() =>
        Assert.Equal(["tier-a-failback.yaml", "tier-a-failover.yaml", "tier-b-failback.yaml", "tier-b-failover.yaml"],
            Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BuiltIn_NoErrorsAndIdMatchesFile(string file)
    {
        var result = RunbookLoader.Load(File.ReadAllText(Path.Combine(Folder, file)), file, _host.Catalog);

        Assert.Empty(result.Errors);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Definition!.Id);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BuiltIn_EveryParameterUsedIsOneRunbookParametersGives(string file)
    {
        var text = File.ReadAllText(Path.Combine(Folder, file));

        var used = System.Text.RegularExpressions.Regex.Matches(text, @"\$\{params\.([A-Za-z0-9_]+)\}").Select(m => m.Groups[1].Value).Distinct();

        Assert.All(used, name => Assert.Contains(name, RunbookParameters.Names));
    }

    [Theory]
    [InlineData("tier-a-failover.yaml")]
    [InlineData("tier-b-failover.yaml")]
    public void Load_FailoverRunbook_DrillNeverChangesDnsAndEveryCreationHasAnUndo(string file)
    {
        var definition = RunbookLoader.LoadOrThrow(File.ReadAllText(Path.Combine(Folder, file)), file, _host.Catalog);

        Assert.All(definition.Steps.Where(s => s.Action is "dns.force-failover" or "rds.promote-replica"), s => Assert.Equal(StepModes.Production, s.RunIn));
        Assert.All(definition.Steps.Where(s => _host.Action(s.Action).Schema.Outputs.Contains(WellKnownOutputs.Created) && s.RunIn.HasFlag(StepModes.Drill)),
            s => Assert.NotNull(s.Undo));
        Assert.Single(definition.Steps, s => s.MarksRecovery);
        Assert.DoesNotContain(definition.Steps, s => s.Action == "rds.create-replica"); // calls the original region: failback only
        Assert.Contains(definition.Steps, s => s.Approval == ApprovalMode.ProductionOnly);
    }
}
