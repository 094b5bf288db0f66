namespace DrService.Runbooks.Actions;

/// <summary><c>wait</c>: waits <c>duration</c> on the injected clock (for DNS TTLs, warm-up). Makes no call.</summary>
public sealed class WaitAction(ActionServices services) : StepAction(services)
{
    public override string Name => "wait";

    public override ActionSchema Schema { get; } = new(["duration"], [], []);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) => [];

    protected override Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<StepResult?>(null);

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var duration = ActionInputs.Duration(context, "duration");
        await context.Log($"Waiting {duration}.", cancellationToken);
        await Task.Delay(duration, Services.Time, cancellationToken);
        return StepResult.Empty;
    }
}
