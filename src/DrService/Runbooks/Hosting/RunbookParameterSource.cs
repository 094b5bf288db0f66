using DrService.Configuration;
using DrService.Runbooks.Actions;

namespace DrService.Runbooks.Hosting;

/// <summary>An application's execution parameters and approval setting (from <c>Applications:X:Recovery</c>).</summary>
internal static class RunbookParameterSource
{
    public static IReadOnlyDictionary<string, string> For(DrOptions options, string application) => RunbookParameters.For(options, application);

    public static bool RequiresApproval(ApplicationOptions app) => app.Recovery.RequireApproval;
}
