namespace DrService.Runbooks.Actions;

/// <summary>The registered <see cref="IStepAction"/>s by name; two actions with one name is a wiring mistake.</summary>
public sealed class StepActionCatalog : IStepActionCatalog
{
    private readonly Dictionary<string, IStepAction> _byName = new(StringComparer.Ordinal);

    public StepActionCatalog(IEnumerable<IStepAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in actions)
        {
            if (!_byName.TryAdd(action.Name, action))
            {
                throw new InvalidOperationException($"Two step actions are named '{action.Name}': {_byName[action.Name].GetType().Name} and {action.GetType().Name}.");
            }
        }
    }

    public IReadOnlyCollection<IStepAction> All => _byName.Values;

    public IStepAction? Find(string name) => _byName.GetValueOrDefault(name);
}
