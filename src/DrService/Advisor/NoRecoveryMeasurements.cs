namespace DrService.Advisor;

/// <summary>No drill has measured anything yet: the advisor's estimates stand. Replaced by the runbook store's implementation.</summary>
public sealed class NoRecoveryMeasurements : IRecoveryMeasurements
{
    public Task<IReadOnlyList<MeasuredRecovery>> LatestAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MeasuredRecovery>>([]);
}
