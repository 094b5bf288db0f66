namespace DrService.Alerts;

/// <summary>The result of one send: delivered, or an error (already scrubbed of secrets) that says whether retrying can help.</summary>
public sealed record DeliveryOutcome(bool Delivered, bool Retryable, string? Error, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Success { get; } = new(true, false, null);

    public static DeliveryOutcome Failed(string error, bool retryable, TimeSpan? retryAfter = null) => new(false, retryable, error, retryAfter);

    /// <summary>408, 429 and 5xx may pass on a later attempt; any other refusal will not.</summary>
    public static bool IsRetryable(int statusCode) => statusCode is 408 or 429 or >= 500;
}
