using DrService.Configuration;

namespace DrService.Runbooks.Hosting;

/// <summary>An application's execution parameters and approval setting (from <c>Applications:X:Recovery</c>).</summary>
internal static class RunbookParameterSource
{
    public static IReadOnlyDictionary<string, string> For(DrOptions options, string application) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["primaryRegion"] = options.Applications[application].SourceRegionOr(options.Regions),
            ["drRegion"] = options.Regions.Dr,
        };

    public static bool RequiresApproval(ApplicationOptions app) => true;
}
