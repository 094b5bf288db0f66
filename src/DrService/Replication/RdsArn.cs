namespace DrService.Replication;

/// <summary>
/// A configured RDS name: an identifier (<c>orders-db</c>) or an ARN (<c>arn:aws:rds:us-east-1:123456789012:db:orders-db</c>)
/// that also names the region and kind.
/// </summary>
internal readonly record struct RdsArn(string Identifier, string? Region)
{
    public static RdsArn Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // arn:partition:rds:region:account:db|cluster:identifier
        var parts = value.Split(':');
        return parts.Length >= 7 && parts[0] == "arn" && parts[2] == "rds"
            ? new RdsArn(string.Join(':', parts[6..]), parts[3])
            : new RdsArn(value, null);
    }

    /// <summary>Whether <paramref name="reported"/> (an ARN or identifier, as RDS reports a replica's source) names this one.</summary>
    public bool Names(string? reported, string expectedRegion)
    {
        if (string.IsNullOrEmpty(reported))
        {
            return false;
        }
        var other = Parse(reported);
        return string.Equals(other.Identifier, Identifier, StringComparison.OrdinalIgnoreCase)
            && (other.Region is null || string.Equals(other.Region, Region ?? expectedRegion, StringComparison.Ordinal));
    }
}
