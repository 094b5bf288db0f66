using DrService.Configuration;
using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Catalog;

/// <summary>What an application's failover, failback or drill runs.</summary>
public enum RunbookPurpose
{
    Failover,
    Failback,
    Drill,
}

public sealed partial class RunbookCatalog
{
    /// <summary>
    /// The runbook id <paramref name="application"/> uses for <paramref name="purpose"/>: the one its configuration
    /// names (<c>Recovery:FailoverRunbook</c>...), else the tier's built-in (a drill runs the failover runbook).
    /// </summary>
    public string RunbookIdFor(string application, ApplicationOptions app, RunbookPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(app);
        var configured = ApplicationRunbooks.Configured(app, purpose);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        return purpose == RunbookPurpose.Drill ? RunbookIdFor(application, app, RunbookPurpose.Failover) : TierDefault(app.Tier, purpose);
    }

    /// <summary>The definition for <paramref name="purpose"/>, or <see cref="KeyNotFoundException"/> naming what is missing.</summary>
    public RunbookDefinition For(string application, ApplicationOptions app, RunbookPurpose purpose)
    {
        var id = RunbookIdFor(application, app, purpose);
        return Find(id)?.Definition
            ?? throw new KeyNotFoundException($"Application '{application}' (tier {app.Tier}) has no {purpose.ToString().ToLowerInvariant()} runbook: '{id}' is not in the catalog.");
    }

    private string TierDefault(ApplicationTier tier, RunbookPurpose purpose)
    {
        var kind = purpose == RunbookPurpose.Failback ? "failback" : "failover";
        return tier switch
        {
            ApplicationTier.A => $"tier-a-{kind}",
            ApplicationTier.B => $"tier-b-{kind}",
            // Pilot light has its own runbook when one is installed; else tier A's (the data is replicated as in A).
            _ => Find($"tier-pilotlight-{kind}") is not null ? $"tier-pilotlight-{kind}" : $"tier-a-{kind}",
        };
    }

    /// <summary>Configured runbook names must exist, with the kind their key says.</summary>
    private void CheckApplications(DrOptions options, List<DrConfigurationError> errors)
    {
        foreach (var (name, app) in options.Applications)
        {
            foreach (var purpose in Enum.GetValues<RunbookPurpose>())
            {
                var configured = ApplicationRunbooks.Configured(app, purpose);
                if (string.IsNullOrWhiteSpace(configured))
                {
                    continue;
                }
                var path = $"{DrOptions.SectionName}:{nameof(DrOptions.Applications)}:{name}:Recovery:{purpose}Runbook";
                var entry = Find(configured);
                if (entry is null)
                {
                    errors.Add(new DrConfigurationError(path, $"no runbook '{configured}' (known: {string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal))})"));
                }
                else if (purpose != RunbookPurpose.Drill && entry.Definition.Kind.ToString() != purpose.ToString())
                {
                    errors.Add(new DrConfigurationError(path, $"runbook '{configured}' is a {entry.Definition.Kind} runbook, not a {purpose} one"));
                }
            }
        }
    }
}
