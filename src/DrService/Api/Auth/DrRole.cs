namespace DrService.Api.Auth;

/// <summary>What a caller may do, ranked: each role may do everything the roles below it may.</summary>
public enum DrRole
{
    /// <summary>Reads status, plans and reports.</summary>
    Viewer = 1,

    /// <summary>Also runs jobs and backups now, applies DNS, starts drills, changes sandbox faults.</summary>
    Operator = 2,

    /// <summary>Also approves or rejects gated runbook steps.</summary>
    Approver = 3,

    /// <summary>Also manages API tokens.</summary>
    Admin = 4,
}

/// <summary>Role names as they appear in claims, tokens, the CLI and the API ("viewer", "operator"...).</summary>
public static class DrRoles
{
    public static IReadOnlyList<DrRole> All { get; } = [DrRole.Viewer, DrRole.Operator, DrRole.Approver, DrRole.Admin];

    public static string Name(DrRole role) => role switch
    {
        DrRole.Viewer => DrPolicies.Viewer,
        DrRole.Operator => DrPolicies.Operator,
        DrRole.Approver => DrPolicies.Approver,
        DrRole.Admin => DrPolicies.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a DrService role"),
    };

    public static bool TryParse(string? value, out DrRole role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    /// <summary>"viewer, operator, approver, admin", for error messages.</summary>
    public static string List => string.Join(", ", All.Select(Name));
}
