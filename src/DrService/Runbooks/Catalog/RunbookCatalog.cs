using DrService.Configuration;
using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Catalog;

/// <summary>
/// Every runbook the service offers: the built-ins (YAML files in <c>Runbooks/Definitions</c> beside the binary) and
/// the files of <c>DrService:Runbooks:Directory</c>, where a file with a built-in's id replaces it. Loaded and checked
/// against the registered actions once, at start-up: any error stops the service (exit 78) naming the file, the step
/// and the field. Also answers which runbook an application uses for a failover, a failback or a drill.
/// </summary>
public sealed partial class RunbookCatalog
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    private readonly Dictionary<string, CatalogEntry> _entries;

    private RunbookCatalog(Dictionary<string, CatalogEntry> entries) => _entries = entries;

    public IReadOnlyCollection<CatalogEntry> All => [.. _entries.Values.OrderBy(e => e.Definition.Id, StringComparer.Ordinal)];

    public CatalogEntry? Find(string id) => _entries.GetValueOrDefault(id);

    /// <summary>Loads and validates everything, or throws <see cref="DrConfigurationException"/> with every error found.</summary>
    public static RunbookCatalog Load(RunbookSources sources, IStepActionCatalog actions, DrOptions options)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<DrConfigurationError>();
        var entries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (var entry in LoadFolder(sources.BuiltInDirectory, builtIn: true, actions, errors))
        {
            entries[entry.Definition.Id] = entry;
        }
        if (sources.OverrideDirectory is { } folder)
        {
            if (!Directory.Exists(folder))
            {
                errors.Add(new DrConfigurationError($"{DrOptions.SectionName}:{nameof(DrOptions.Runbooks)}:{nameof(RunbooksOptions.Directory)}", $"folder not found: {folder}"));
            }
            else
            {
                var seen = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in LoadFolder(folder, builtIn: false, actions, errors))
                {
                    if (seen.TryGetValue(entry.Definition.Id, out var first))
                    {
                        errors.Add(new DrConfigurationError(entry.Source, $"id: '{entry.Definition.Id}' is already defined by {first}"));
                        continue;
                    }
                    seen[entry.Definition.Id] = entry.Source;
                    entries[entry.Definition.Id] = entry with { Overrides = entries.ContainsKey(entry.Definition.Id) };
                }
            }
        }
        var catalog = new RunbookCatalog(entries);
        catalog.CheckApplications(options, errors);
        return errors.Count == 0 ? catalog : throw new DrConfigurationException(null, errors);
    }

    private static List<CatalogEntry> LoadFolder(string folder, bool builtIn, IStepActionCatalog actions, List<DrConfigurationError> errors)
    {
        var loaded = new List<CatalogEntry>();
        if (!Directory.Exists(folder))
        {
            return loaded;
        }
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var result = RunbookLoader.Load(File.ReadAllText(file), file, actions);
            if (result.IsValid)
            {
                loaded.Add(new CatalogEntry(result.Definition!, file, builtIn, Overrides: false));
            }
            else
            {
                errors.AddRange(result.Errors.Select(e => new DrConfigurationError(e.Source,
                    e.StepId is null ? $"{e.Field}: {e.Message}" : $"step '{e.StepId}': {e.Field}: {e.Message}")));
            }
        }
        return loaded;
    }
}
