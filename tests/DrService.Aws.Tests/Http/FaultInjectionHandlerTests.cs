using System.Net;
using DrService.Aws.Configuration;
using DrService.Aws.Http;
using DrService.Aws.Signing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Aws.Tests.Http;

/// <summary>The fault handler alone, over a counting stub, on a FakeTimeProvider: latency is asserted by the clock.</summary>
public sealed class FaultInjectionHandlerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FaultController _faults = new(new Random(7));
    private readonly CountingHandler _inner = new();

    private HttpMessageInvoker Invoker() => new(new FaultInjectionHandler(
        _faults, new StaticOptionsMonitor(new AwsOptions()), _time) { InnerHandler = _inner });

    private HttpRequestMessage SignedGet(string region, string service)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://example.test/");
        request.Headers.TryAddWithoutValidation(AwsCallScope.OperationHeader, "ListThings");
        AwsRequestSigner.Sign(request, [], new Amazon.Runtime.ImmutableCredentials("AKID", "SECRET", null), region, service, _time.GetUtcNow());
        return request;
    }

    [Fact]
    public async Task SendAsync_LatencyRule_WaitsOnTheTimeProvider()
    {
        _faults.AddLatency("us-east-1", "rds", TimeSpan.FromSeconds(10));
        using var invoker = Invoker();

        var pending = invoker.SendAsync(SignedGet("us-east-1", "rds"), CancellationToken.None);
        // Advance second by second, letting the handler register its delay (which may happen after this call returns).
        for (var i = 0; i < 9; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }
        var earlyCalls = _inner.Calls;
        for (var i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }
        using var response = await pending;

        Assert.Equal(0, earlyCalls);
        Assert.Equal(1, _inner.Calls);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SendAsync_OtherRegion_IsNotDelayed()
    {
        _faults.AddLatency("us-east-1", "rds", TimeSpan.FromSeconds(10));
        using var invoker = Invoker();

        using var response = await invoker.SendAsync(SignedGet("us-west-2", "rds"), CancellationToken.None);

        Assert.Equal(1, _inner.Calls);
    }

    [Theory]
    [InlineData("ec2", HttpStatusCode.ServiceUnavailable, "<Code>RequestLimitExceeded</Code>")]
    [InlineData("rds", HttpStatusCode.BadRequest, "<Code>Throttling</Code>")]
    [InlineData("route53", HttpStatusCode.BadRequest, "<Code>Throttling</Code>")]
    [InlineData("s3", HttpStatusCode.ServiceUnavailable, "<Code>SlowDown</Code>")]
    public async Task SendAsync_ThrottleRule_AnswersTheProtocolsThrottlingError(string service, HttpStatusCode status, string code)
    {
        _faults.Throttle("*", service, rate: 1, limit: 1);
        using var invoker = Invoker();

        using var throttled = await invoker.SendAsync(SignedGet("us-east-1", service), CancellationToken.None);
        using var passed = await invoker.SendAsync(SignedGet("us-east-1", service), CancellationToken.None);

        Assert.Equal(status, throttled.StatusCode);
        Assert.Contains(code, await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task SendAsync_RuleWithRequestContains_FaultsOnlyRequestsNamingIt_AndTheBodyStillReachesAws()
    {
        _faults.Throttle("us-west-2", "rds", rate: 1, operation: "*", requestContains: "catalog-db");
        using var invoker = Invoker();
        HttpRequestMessage Post(string source)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "https://example.test/")
            {
                Content = new StringContent($"Action=CopyDBSnapshot&SourceDBSnapshotIdentifier=arn%3Aaws%3Ards%3Aus-east-1%3A1%3Asnapshot%3A{source}-demo-1"),
            };
            request.Headers.TryAddWithoutValidation(AwsCallScope.OperationHeader, "CopyDBSnapshot");
            AwsRequestSigner.Sign(request, [], new Amazon.Runtime.ImmutableCredentials("AKID", "SECRET", null), "us-west-2", "rds", _time.GetUtcNow());
            return request;
        }

        using var blocked = await invoker.SendAsync(Post("catalog-db"), CancellationToken.None);
        using var passed = await invoker.SendAsync(Post("ledger-db-accounts"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task SendAsync_HalfRateWithSeededRandom_ThrottlesSomeButNotAll()
    {
        _faults.Throttle("us-east-1", "rds", rate: 0.5);
        using var invoker = Invoker();

        for (var i = 0; i < 40; i++)
        {
            using var response = await invoker.SendAsync(SignedGet("us-east-1", "rds"), CancellationToken.None);
        }

        Assert.InRange(_inner.Calls, 5, 35);
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    private sealed class StaticOptionsMonitor(AwsOptions value) : IOptionsMonitor<AwsOptions>
    {
        public AwsOptions CurrentValue => value;

        public AwsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AwsOptions, string?> listener) => null;
    }
}
