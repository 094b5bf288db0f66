namespace DrService.Backups.Retention;

/// <summary>
/// What retention does with one copy. A kept copy lists every reason it is kept (for example "newest 7",
/// "daily 2026-11-27", "pinned"); a copy to delete has exactly one reason, naming each rule it fell outside of.
/// </summary>
public sealed record RetentionDecision(RetentionCandidate Candidate, bool Keep, IReadOnlyList<string> Reasons);
