namespace DrService.Sandbox;

/// <summary>The <c>--sandbox</c> switch: a local AWS emulator seeded with a demo estate, SQLite, loopback only.</summary>
public static class SandboxMode
{
    public const string Flag = "--sandbox";

    /// <summary>Removes the switch from the arguments (the configuration's command-line source would reject it) and says whether it was there.</summary>
    public static bool TakeFlag(ref string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var found = args.Contains(Flag, StringComparer.Ordinal);
        if (found)
        {
            args = [.. args.Where(a => !string.Equals(a, Flag, StringComparison.Ordinal))];
        }
        return found;
    }
}
