using System.Diagnostics;
using DrService.Telemetry;

namespace DrService.Tests.Telemetry;

public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/secret-token", "https://hooks.slack.com/")]
    [InlineData("http://127.0.0.1:8080/hook?token=secret", "http://127.0.0.1:8080/")]
    public void RedactUrl_OutgoingRequest_KeepsSchemeAndHostOnly(string url, string expected)
    {
        using var activity = new Activity("test").Start();
        activity.SetTag("url.full", url);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);

        TelemetryServiceCollectionExtensions.RedactUrl(activity, request);

        Assert.Equal(expected, activity.GetTagItem("url.full"));
        Assert.DoesNotContain("secret", (string)activity.GetTagItem("url.full")!, StringComparison.Ordinal);
    }
}
