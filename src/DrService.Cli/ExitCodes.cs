namespace DrService.Cli;

/// <summary>What drctl's exit code means; scripts branch on these (documented in docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>status</c>: every application could fail over now.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected error (a 5xx from the service, a malformed answer).</summary>
    public const int Error = 1;

    /// <summary>Bad command line or a request the service refused as invalid (400).</summary>
    public const int Usage = 2;

    /// <summary>No token, a bad token (401) or a role too low for the action (403).</summary>
    public const int Unauthorized = 3;

    /// <summary>The application, runbook or execution does not exist (404).</summary>
    public const int NotFound = 4;

    /// <summary>Refused because of what is running (409): another failover of the application, a used request key.</summary>
    public const int Conflict = 5;

    /// <summary><c>status</c>: at least one application is NotReady.</summary>
    public const int NotReady = 6;

    /// <summary>The watched execution or drill ended Failed (or PartiallyFailed).</summary>
    public const int RunFailed = 7;

    /// <summary>The watched execution or drill was cancelled.</summary>
    public const int RunCancelled = 8;

    /// <summary>The service could not be reached.</summary>
    public const int Unreachable = 9;

    /// <summary>A failover or failback was not confirmed.</summary>
    public const int NotConfirmed = 10;

    /// <summary>
    /// A start refused (422) because the recovery inventory found errors (an item with no DR copy, a missing setting):
    /// each problem is printed on stderr; fix them, or start anyway with <c>--accept-problems</c>.
    /// </summary>
    public const int RecoveryProblems = 11;
}

/// <summary>A failure that ends the command with <see cref="ExitCode"/> and <see cref="Exception.Message"/> on stderr.</summary>
public sealed class DrctlException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
