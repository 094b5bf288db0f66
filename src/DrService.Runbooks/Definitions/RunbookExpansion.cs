namespace DrService.Runbooks.Definitions;

/// <summary>
/// Turns a runbook with <c>forEach</c> steps into the concrete graph one execution runs: each fan-out step becomes one
/// step per item, id <c>STEP:ITEMKEY</c> (see <see cref="ExpandedId"/>). Done once, when the execution is created (and
/// for the dry run), so the stored definition is the graph the journal, resume, undo and reports work on.
/// </summary>
public static partial class RunbookExpansion
{
    /// <summary>The id of a fan-out step's copy for one item.</summary>
    public static string ExpandedId(string stepId, string itemKey) => $"{stepId}:{itemKey}";
}
