using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Catalog;

/// <summary>A runbook the service offers, and the file it came from (<see cref="Overrides"/>: it replaced a built-in).</summary>
public sealed record CatalogEntry(RunbookDefinition Definition, string Source, bool BuiltIn, bool Overrides);
