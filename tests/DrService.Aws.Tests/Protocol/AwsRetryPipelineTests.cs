using System.Net;
using DrService.Aws.Configuration;
using DrService.Aws.Errors;
using DrService.Aws.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Aws.Tests.Protocol;

public sealed class AwsRetryPipelineTests
{
    private readonly FakeTimeProvider _time = new();

    private static AwsServiceException Error(string code, HttpStatusCode status) =>
        new("rds", "us-east-1", "DescribeDBInstances", code, "test", "req-1", status);

    [Fact]
    public async Task ExecuteAsync_ThrottledTwice_WaitsOnTheClockThenSucceeds()
    {
        var pipeline = AwsRetryPipeline.Create(new AwsOptions(), _time, NullLogger.Instance);
        var attempts = 0;

        var run = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            return attempts <= 2 ? throw Error("Throttling", HttpStatusCode.BadRequest) : ValueTask.FromResult("ok");
        }, CancellationToken.None).AsTask();
        var afterFirst = attempts;
        for (var i = 0; i < 200 && !run.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            // Let the continuation register its next delay on the fake clock (it may run on another thread).
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }

        Assert.Equal(1, afterFirst);
        Assert.Equal("ok", await run);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_NonRetryableError_FailsOnFirstAttempt()
    {
        var pipeline = AwsRetryPipeline.Create(new AwsOptions(), _time, NullLogger.Instance);
        var attempts = 0;

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.ExecuteAsync<string>(_ =>
        {
            attempts++;
            throw Error("DBInstanceNotFound", HttpStatusCode.NotFound);
        }, CancellationToken.None).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_RegionUnavailable_IsNeverRetried()
    {
        var pipeline = AwsRetryPipeline.Create(new AwsOptions(), _time, NullLogger.Instance);
        var attempts = 0;

        await Assert.ThrowsAsync<AwsRegionUnavailableException>(() => pipeline.ExecuteAsync<string>(_ =>
        {
            attempts++;
            throw new AwsRegionUnavailableException("us-east-1", "rds", "dark");
        }, CancellationToken.None).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_AlwaysThrottled_StopsAfterMaxAttempts()
    {
        var options = new AwsOptions { Retry = { MaxAttempts = 3 } };
        var pipeline = AwsRetryPipeline.Create(options, _time, NullLogger.Instance);
        var attempts = 0;

        var run = pipeline.ExecuteAsync<string>(_ =>
        {
            attempts++;
            throw Error("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable);
        }, CancellationToken.None).AsTask();
        for (var i = 0; i < 600 && !run.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            // Let the continuation register its next delay on the fake clock (it may run on another thread).
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }

        await Assert.ThrowsAsync<AwsServiceException>(() => run);
        Assert.Equal(3, attempts);
    }

    [Theory]
    [InlineData("Throttling", 400, true, true)]
    [InlineData("RequestLimitExceeded", 503, true, true)]
    [InlineData("SlowDown", 503, true, true)]
    [InlineData("PriorRequestNotComplete", 400, true, true)]
    [InlineData("InternalFailure", 500, false, true)]
    [InlineData("Whatever", 502, false, true)]
    [InlineData("DBInstanceNotFound", 404, false, false)]
    [InlineData("InvalidParameterValue", 400, false, false)]
    public void AwsServiceException_Classification_MatchesCodeAndStatus(string code, int status, bool throttling, bool retryable)
    {
        var ex = Error(code, (HttpStatusCode)status);

        Assert.Equal(throttling, ex.IsThrottling);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Equal(retryable, AwsRetryPipeline.IsTransient(ex));
    }
}
