namespace DrService.Aws.Errors;

/// <summary>
/// A region (or a service in it) cannot be reached at all: the fault layer's dark region, or real connection
/// failures that outlasted every retry. Never retried by our pipeline nor by the official SDK: a failover reacts to it.
/// </summary>
public sealed class AwsRegionUnavailableException : Exception
{
    public AwsRegionUnavailableException(string region, string service, string reason, Exception? innerException = null)
        : base($"AWS region {region} is unavailable for {service}: {reason}", innerException)
    {
        Region = region;
        Service = service;
        Reason = reason;
    }

    public string Region { get; }

    public string Service { get; }

    public string Reason { get; }
}
