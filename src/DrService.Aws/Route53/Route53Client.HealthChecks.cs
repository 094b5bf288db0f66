using DrService.Aws.Protocol;

namespace DrService.Aws.Route53;

public sealed partial class Route53Client
{
    public async Task<HealthCheck> CreateHealthCheckAsync(
        string callerReference, HealthCheckConfig config, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callerReference);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var body = Route53Xml.El("CreateHealthCheckRequest", Route53Xml.El("CallerReference", callerReference), Route53Xml.ToXml(config));
        var answer = await _send(account, "CreateHealthCheck", HttpMethod.Post, $"{V}/healthcheck", body, cancellationToken);
        return Route53Xml.HealthCheck(answer.Child("HealthCheck") ?? throw Missing("HealthCheck"));
    }

    public async Task<HealthCheck> GetHealthCheckAsync(string healthCheckId, string account = "default", CancellationToken cancellationToken = default)
    {
        var answer = await _send(account, "GetHealthCheck", HttpMethod.Get, $"{V}/healthcheck/{Id(healthCheckId)}", null, cancellationToken);
        return Route53Xml.HealthCheck(answer.Child("HealthCheck") ?? throw Missing("HealthCheck"));
    }

    public async Task<IReadOnlyList<HealthCheck>> ListHealthChecksAsync(string account = "default", CancellationToken cancellationToken = default)
    {
        var checks = new List<HealthCheck>();
        string? marker = null;
        do
        {
            var answer = await _send(account, "ListHealthChecks", HttpMethod.Get,
                $"{V}/healthcheck{Query(("marker", marker), ("maxitems", MaxItems))}", null, cancellationToken);
            checks.AddRange(answer.Path("HealthChecks", "HealthCheck").Select(Route53Xml.HealthCheck));
            marker = Truncated(answer) ? answer.ChildValue("NextMarker") : null;
        }
        while (marker is not null);
        return checks;
    }

    public async Task<HealthCheck> UpdateHealthCheckAsync(
        string healthCheckId, HealthCheckUpdate update, string account = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        HealthCheckUpdate.ValidateThreshold(update.FailureThreshold);
        var answer = await _send(account, "UpdateHealthCheck", HttpMethod.Post,
            $"{V}/healthcheck/{Id(healthCheckId)}", Route53Xml.ToXml(update), cancellationToken);
        return Route53Xml.HealthCheck(answer.Child("HealthCheck") ?? throw Missing("HealthCheck"));
    }

    public Task DeleteHealthCheckAsync(string healthCheckId, string account = "default", CancellationToken cancellationToken = default) =>
        _send(account, "DeleteHealthCheck", HttpMethod.Delete, $"{V}/healthcheck/{Id(healthCheckId)}", null, cancellationToken);

    public async Task<IReadOnlyList<HealthCheckObservation>> GetHealthCheckStatusAsync(
        string healthCheckId, string account = "default", CancellationToken cancellationToken = default)
    {
        var answer = await _send(account, "GetHealthCheckStatus", HttpMethod.Get,
            $"{V}/healthcheck/{Id(healthCheckId)}/status", null, cancellationToken);
        return [.. answer.Path("HealthCheckObservations", "HealthCheckObservation").Select(Route53Xml.Observation)];
    }
}
