using System.Diagnostics;

namespace DrService.Aws.Http;

/// <summary>
/// Outermost handler of every AWS HTTP pipeline: counts the attempt (<see cref="AwsCallCounter"/>), records
/// <c>dr.aws.calls</c> and <c>dr.aws.call.duration</c>, and opens the span <c>Aws.{Service}.{Operation}</c>.
/// </summary>
public sealed class AwsCallMetricsHandler(AwsCallCounter counter, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scope = await AwsCallScope.OfAsync(request, cancellationToken);
        counter.Increment(scope);
        using var activity = AwsTelemetry.ActivitySource.StartActivity($"Aws.{scope.Service}.{scope.Operation}", ActivityKind.Client);
        activity?.SetTag("aws.service", scope.Service);
        activity?.SetTag("aws.region", scope.Region);
        activity?.SetTag("aws.operation", scope.Operation);
        var started = timeProvider.GetTimestamp();
        var outcome = "exception";
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }
            return response;
        }
        catch (Exception ex)
        {
            outcome = ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            var tags = new TagList
            {
                { "aws.service", scope.Service },
                { "aws.region", scope.Region },
                { "aws.operation", scope.Operation },
                { "outcome", outcome },
            };
            AwsTelemetry.Calls.Add(1, tags);
            AwsTelemetry.CallDuration.Record(timeProvider.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
