namespace DrService.Runbooks.Definitions;

/// <summary>
/// One resource a fan-out step runs for: <see cref="Key"/> is its id (the source resource's id, unique within its
/// kind), <see cref="Fields"/> what <c>${item.FIELD}</c> resolves to, <see cref="Links"/> the item of another kind it
/// belongs to (a volume's instance: <c>{ "instances": "i-0abc" }</c>), which pairs it with that item's steps.
/// </summary>
public sealed record RunbookItem(string Key, IReadOnlyDictionary<string, string> Fields)
{
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// The items of every kind an execution fans out over, in order, and for a kind with none, why (shown as the skipped
/// step's reason: "the application selects no databases (Resources:DbInstances)"). The engine knows kinds only by
/// name; the host decides which exist and what their fields are.
/// </summary>
public sealed record RunbookItems(IReadOnlyDictionary<string, IReadOnlyList<RunbookItem>> ByKind)
{
    public static RunbookItems None { get; } = new(new Dictionary<string, IReadOnlyList<RunbookItem>>(StringComparer.Ordinal));

    /// <summary>Why a kind has no items, by kind; a kind missing from both maps is "no items".</summary>
    public IReadOnlyDictionary<string, string> EmptyReasons { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<RunbookItem> Of(string kind) => ByKind.TryGetValue(kind, out var items) ? items : [];
}
