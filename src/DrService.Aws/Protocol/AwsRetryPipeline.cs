using DrService.Aws.Configuration;
using DrService.Aws.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DrService.Aws.Protocol;

/// <summary>
/// The one retry policy of our own clients (the official SDK clients use their Standard retry mode with the same
/// attempts): exponential backoff with jitter from <c>Retry:BaseDelay</c> up to <c>Retry:MaxDelay</c>,
/// <c>Retry:MaxAttempts</c> attempts in all, each under <c>RequestTimeout</c>, on the injected TimeProvider.
/// Retries only what can help (<see cref="IsTransient"/>); never a dark region.
/// </summary>
public static partial class AwsRetryPipeline
{
    public static ResiliencePipeline Create(AwsOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex)),
                OnRetry = args =>
                {
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    /// <summary>Retryable AWS errors, connection failures and attempt timeouts; not AwsRegionUnavailableException.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AwsServiceException aws => aws.IsRetryable,
        AwsRegionUnavailableException => false,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        _ => false,
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Retrying AWS call (attempt {Attempt}) in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string? reason);
}
