namespace DrService.Aws.Http;

/// <summary>
/// Sees every AWS request (ours and the official SDK's) before the fault layer and the network. Nothing registers one
/// in production; the test harness registers a checker of each request against the botocore models, so a value AWS
/// would refuse fails the test whatever moto answers. An inspector may throw to refuse the request.
/// </summary>
public interface IAwsRequestInspector
{
    ValueTask InspectAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

/// <summary>Runs the registered <see cref="IAwsRequestInspector"/>s, in registration order, on every request.</summary>
internal sealed class AwsRequestInspectionHandler(IReadOnlyList<IAwsRequestInspector> inspectors) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var inspector in inspectors)
        {
            await inspector.InspectAsync(request, cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
