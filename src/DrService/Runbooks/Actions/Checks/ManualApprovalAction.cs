namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>manual-approval</c>: does nothing. The gate is the step's <c>approval</c> field, which the engine enforces
/// before the step runs; this action only gives such a step something to run once approved.
/// </summary>
public sealed class ManualApprovalAction(ActionServices services) : StepAction(services)
{
    public override string Name => "manual-approval";

    public override ActionSchema Schema { get; } = new([], ["message"], []);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) => [];

    protected override Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<StepResult?>(null);

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        await context.Log("Approved; nothing to do.", cancellationToken);
        return StepResult.Empty;
    }
}
