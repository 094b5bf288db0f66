namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>notify</c>: records <c>message</c> in the audit log, the service log and the step's journal. It does not go
/// through the alert channels: those deliver alerts raised from conditions (with dedup and resolve), not free text;
/// a runbook notification channel is left for later.
/// </summary>
public sealed partial class NotifyAction(ActionServices services) : StepAction(services)
{
    public override string Name => "notify";

    public override ActionSchema Schema { get; } = new(["message"], [], ["message"]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
        [new("audit", "Record", "-", "notify", Shown(context, "message"))];

    protected override Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<StepResult?>(null);

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var message = context.Input("message");
        LogNotify(Services.Logger, context.Application, context.ExecutionId, context.StepId, message);
        await Services.AuditAsync(context, Name, context.Application, "succeeded", message, cancellationToken);
        await context.Log(message, cancellationToken);
        return new StepResult(new Dictionary<string, string> { ["message"] = message }, message);
    }

    [LoggerMessage(EventId = 7501, Level = LogLevel.Warning, Message = "Runbook notification for {Application} (execution {ExecutionId}, step {StepId}): {Message}")]
    private static partial void LogNotify(ILogger logger, string application, string executionId, string stepId, string message);
}
