using System.Text;
using System.Xml.Linq;
using DrService.Aws.Configuration;
using DrService.Aws.Credentials;
using DrService.Aws.Errors;
using DrService.Aws.Http;
using DrService.Aws.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace DrService.Aws.Protocol;

/// <summary>One signed call of our own clients, described before any attempt.</summary>
internal sealed record SignedCall(
    string Service,
    string SigningRegion,
    string Account,
    string Operation,
    HttpMethod Method,
    Uri Uri,
    byte[]? Body,
    string? ContentType);

/// <summary>
/// Runs a <see cref="SignedCall"/> through the retry pipeline: per attempt it builds, signs (fresh X-Amz-Date) and
/// sends the request over <see cref="AwsHttpPipeline"/>, then parses the XML answer or the AWS error. Connection
/// failures and timeouts that outlast the retries become <see cref="AwsRegionUnavailableException"/>.
/// </summary>
internal sealed class AwsHttpExecutor(
    AwsHttpPipeline pipeline,
    IAwsCredentialsProvider credentials,
    IOptionsMonitor<AwsOptions> options,
    TimeProvider timeProvider,
    ILogger<AwsHttpExecutor> logger)
{
    private readonly Lazy<HttpClient> _http = new(() => pipeline.CreateClient());
    private (AwsOptions Options, ResiliencePipeline Pipeline)? _retry;

    public Uri? ServiceUrl => options.CurrentValue.ServiceUrl;

    /// <summary>
    /// The partition the credentials belong to, for global services (Route 53): that of <c>Aws:StsRegion</c>, which
    /// start-up validation keeps in the same partition as the primary and DR regions.
    /// </summary>
    public AwsPartition Partition => AwsPartition.TryFor(options.CurrentValue.StsRegion) ?? AwsPartition.Aws;

    public async Task<XElement> SendAsync(SignedCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await Retry().ExecuteAsync(
                static async (state, ct) => await state.self.AttemptAsync(state.call, ct),
                (self: this, call),
                cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new AwsRegionUnavailableException(call.SigningRegion, call.Service, $"cannot connect to {call.Uri.Host}: {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new AwsRegionUnavailableException(call.SigningRegion, call.Service, $"no answer from {call.Uri.Host} within {ex.Timeout}", ex);
        }
    }

    private async Task<XElement> AttemptAsync(SignedCall call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(call.Method, call.Uri);
        request.Headers.TryAddWithoutValidation(AwsCallScope.OperationHeader, call.Operation);
        var body = call.Body ?? [];
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType ?? "application/xml");
        }
        var creds = await credentials.GetAsync(call.Account, cancellationToken);
        AwsRequestSigner.Sign(request, body, creds, call.SigningRegion, call.Service, timeProvider.GetUtcNow());

        using var response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorParser.Parse(text, response.StatusCode, RequestId(response), call.Service, call.SigningRegion, call.Operation);
        }
        return text.Length == 0 ? new XElement(call.Operation + "Response") : XElement.Parse(text);
    }

    private ResiliencePipeline Retry()
    {
        var current = options.CurrentValue;
        if (_retry is { } cached && ReferenceEquals(cached.Options, current))
        {
            return cached.Pipeline;
        }
        var built = AwsRetryPipeline.Create(current, timeProvider, logger);
        _retry = (current, built);
        return built;
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var a) ? a.First()
        : response.Headers.TryGetValues("x-amz-request-id", out var b) ? b.First()
        : null;

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
