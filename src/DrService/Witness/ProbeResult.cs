namespace DrService.Witness;

/// <summary>One probe of one endpoint: whether it answered as "up", how long it took, and why (status code, timeout, refused).</summary>
public sealed record ProbeResult(bool Up, TimeSpan Latency, string Detail)
{
    public static ProbeResult Success(TimeSpan latency, string detail) => new(true, latency, detail);

    public static ProbeResult Failure(TimeSpan latency, string detail) => new(false, latency, detail);
}
