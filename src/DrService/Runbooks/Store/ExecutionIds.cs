using System.Globalization;

namespace DrService.Runbooks.Store;

/// <summary>
/// Execution ids, e.g. <c>ex-20261128-210405-3fa2c1</c>: sortable by creation, lowercase letters, digits and single
/// hyphens, so that a drill's id is valid inside RDS identifiers and resource names (it is the drill id).
/// </summary>
public static class ExecutionIds
{
    public static string New(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"ex-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
}
