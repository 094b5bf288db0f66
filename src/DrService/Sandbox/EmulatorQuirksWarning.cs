using DrService.Aws.Configuration;

namespace DrService.Sandbox;

/// <summary>
/// Start-up warning for emulator quirks set outside the sandbox (a test or a hand-made emulator set-up): allowed with
/// <c>Aws:ServiceUrl</c> (validation refuses them without it), but never silently (issue 14, item 17).
/// </summary>
internal static partial class EmulatorQuirksWarning
{
    public static void LogIfOutsideSandbox(ILogger logger, AwsOptions aws, bool sandbox)
    {
        var quirks = aws.EmulatorQuirks.Enabled();
        if (!sandbox && quirks.Count > 0)
        {
            LogQuirks(logger, string.Join(", ", quirks), aws.ServiceUrl?.ToString() ?? "(none)");
        }
    }

    [LoggerMessage(EventId = 9007, Level = LogLevel.Warning, Message = "EMULATOR QUIRKS ON outside the sandbox: {Quirks} (DrService:Aws:EmulatorQuirks) with endpoint {ServiceUrl}. They accept what only an emulator answers: never set them against AWS.")]
    private static partial void LogQuirks(ILogger logger, string quirks, string serviceUrl);
}
