using DrService.Backups.Model;
using DrService.Backups.Rpo;

namespace DrService.Backups.State;

/// <summary>RPO history: one sample per resource per backup cycle.</summary>
public sealed class RpoSampleRecord
{
    public long Id { get; set; }

    public required string Application { get; set; }

    public ArtifactKind Kind { get; set; }

    public required string ResourceId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Age of the newest available copy's data; null when the DR region holds no copy.</summary>
    public double? AgeSeconds { get; set; }

    public RpoState State { get; set; }
}
