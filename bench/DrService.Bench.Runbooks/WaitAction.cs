using System.Globalization;
using DrService.Runbooks.Actions;

namespace DrService.Bench.Runbooks;

/// <summary>A step that takes its simulated duration on the real clock and does nothing else.</summary>
public sealed class WaitAction : IStepAction, IStepActionCatalog
{
    public const string ActionName = "sim.wait";

    public string Name => ActionName;

    public ActionSchema Schema { get; } = new(["ms"], [], []);

    public IReadOnlyCollection<IStepAction> All => [this];

    public IStepAction? Find(string name) => name == ActionName ? this : null;

    public Task<IReadOnlyList<PlannedCall>> PlanAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PlannedCall>>([]);

    public Task<StepResult?> CheckAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<StepResult?>(null);

    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(int.Parse(context.Input("ms"), CultureInfo.InvariantCulture), cancellationToken);
        return StepResult.Empty;
    }
}
