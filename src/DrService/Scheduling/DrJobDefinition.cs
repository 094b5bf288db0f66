namespace DrService.Scheduling;

/// <summary>
/// A job the scheduler should hold: a unique name, the handler kind that does the work, a Quartz cron expression and
/// the application it is for (if any). Features contribute definitions through <see cref="IJobDefinitionSource"/>.
/// </summary>
public sealed record DrJobDefinition(string Name, string Kind, string Cron, string? Application = null, string? Description = null);

/// <summary>Contributes the jobs of one feature, computed from configuration.</summary>
public interface IJobDefinitionSource
{
    IEnumerable<DrJobDefinition> GetJobs();
}
