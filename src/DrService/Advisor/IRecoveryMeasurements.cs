namespace DrService.Advisor;

/// <summary>An RTO/RPO measured by a finished drill (or failover) of an application's runbook.</summary>
public sealed record MeasuredRecovery(string Application, string RunbookId, string? Tier, TimeSpan Rto, TimeSpan? Rpo, DateTimeOffset At, string ExecutionId);

/// <summary>
/// The newest measured recovery per application and runbook, which replaces the advisor's step estimates. The runbook
/// engine's store implements it; until it is registered the advisor sees none.
/// </summary>
public interface IRecoveryMeasurements
{
    Task<IReadOnlyList<MeasuredRecovery>> LatestAsync(CancellationToken cancellationToken);
}
