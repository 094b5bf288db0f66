using System.Globalization;
using DrService.Backups.Model;
using DrService.Backups.Retention;

namespace DrService.Tests.Backups.Retention;

/// <summary>
/// Builds a <see cref="RetentionCandidate"/>: by default an owned, available, unpinned, unheld copy whose id is made
/// of its time (<c>snap-20261128T2100</c>). <c>Candidate.At("2026-11-28T21:00Z").Pending().Build()</c>.
/// </summary>
internal sealed class CandidateBuilder
{
    private readonly DateTimeOffset _at;
    private string? _id;
    private ArtifactState _state = ArtifactState.Available;
    private bool _owned = true;
    private bool _pinned;
    private bool _held;

    private CandidateBuilder(DateTimeOffset at) => _at = at;

    public static CandidateBuilder At(DateTimeOffset at) => new(at);

    public static CandidateBuilder At(string at) => new(Time(at));

    public static DateTimeOffset Time(string at) => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);

    /// <summary>The default id of a copy taken at <paramref name="at"/> (UTC).</summary>
    public static string IdFor(DateTimeOffset at) => "snap-" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);

    public static string IdFor(string at) => IdFor(Time(at));

    public CandidateBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    public CandidateBuilder InState(ArtifactState state)
    {
        _state = state;
        return this;
    }

    public CandidateBuilder Pending() => InState(ArtifactState.Pending);

    public CandidateBuilder NotOwned()
    {
        _owned = false;
        return this;
    }

    public CandidateBuilder Pinned()
    {
        _pinned = true;
        return this;
    }

    public CandidateBuilder Held()
    {
        _held = true;
        return this;
    }

    public RetentionCandidate Build() => new(_id ?? IdFor(_at), _at, _state, _owned, _pinned, _held);

    /// <summary>Available owned copies from <paramref name="first"/> to <paramref name="last"/>, every <paramref name="step"/>.</summary>
    public static List<RetentionCandidate> Every(TimeSpan step, DateTimeOffset first, DateTimeOffset last)
    {
        var copies = new List<RetentionCandidate>();
        for (var at = first; at <= last; at += step)
        {
            copies.Add(At(at).Build());
        }

        return copies;
    }

    public static List<RetentionCandidate> Every(TimeSpan step, string first, string last) => Every(step, Time(first), Time(last));
}
