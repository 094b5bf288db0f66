using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary><c>DrService:Applications:{name}:Probes</c>: DrService's own probes of the endpoints, from the DR region.</summary>
public sealed class ProbesOptions
{
    /// <summary>http(s)://host[:port]/path (a 2xx or 3xx answer is up) or tcp://host:port (a connection is up).</summary>
    public Uri? Primary { get; set; }

    public Uri? Secondary { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "must be between 00:00:01 and 01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "must be between 00:00:00.100 and 00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive failed probes before an endpoint counts as down (and successes before it counts as up again).</summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int Threshold { get; set; } = 3;
}

/// <summary><c>DrService:Applications:{name}:AutoFailover</c>: when "primary down" should start the failover runbook. Off by default.</summary>
public sealed class AutoFailoverOptions
{
    public bool Enabled { get; set; }

    /// <summary>How long the verdict must have been "primary down" without a break.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00", ErrorMessage = "must be between 00:00:30 and 1.00:00:00")]
    public TimeSpan PrimaryDownFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Also require Route 53's health check to report the primary unhealthy (two independent witnesses).</summary>
    public bool RequireRoute53Agreement { get; set; } = true;
}
