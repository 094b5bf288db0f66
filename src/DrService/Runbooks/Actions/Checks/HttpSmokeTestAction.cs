using System.Globalization;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>http.smoke-test</c>: GET <c>url</c> until it answers <c>expectStatus</c> (200), at most <c>attempts</c> (10)
/// times, <c>interval</c> (10s) apart. Outputs <c>status</c> and <c>latencyMs</c> of the last answer. Fails
/// retryably when no attempt got the expected status. Usually the step that <c>marksRecovery</c>.
/// </summary>
public sealed class HttpSmokeTestAction(ActionServices services) : StepAction(services)
{
    public const string HttpClientName = "drservice-smoke-test";

    public override string Name => "http.smoke-test";

    public override ActionSchema Schema { get; } = new(["url"], ["expectStatus", "attempts", "interval"], ["status", "latencyMs"]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context) =>
        [new("http", "GET", "-", Shown(context, "url"), $"expect {context.OptionalInput("expectStatus") ?? "200"}")];

    /// <summary>Never "already done": an endpoint that was up may be down now, so the probe always runs again.</summary>
    protected override Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<StepResult?>(null);

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(context.Input("url"), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw ActionInputs.Bad(context, "url", "an absolute http(s) URL");
        }
        var expect = ActionInputs.OptionalInt(context, "expectStatus", 200, 100, 599);
        var attempts = ActionInputs.OptionalInt(context, "attempts", 10, 1, 1000);
        var interval = ActionInputs.OptionalDuration(context, "interval") ?? TimeSpan.FromSeconds(10);
        var client = Services.Http.CreateClient(HttpClientName);
        var last = "no answer";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var started = Services.Time.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                var latency = Services.Time.GetElapsedTime(started).TotalMilliseconds;
                var status = (int)response.StatusCode;
                if (status == expect)
                {
                    await context.Log($"GET {url} answered {status} in {latency:0} ms (attempt {attempt}).", cancellationToken);
                    return new StepResult(new Dictionary<string, string>
                    {
                        ["status"] = status.ToString(CultureInfo.InvariantCulture),
                        ["latencyMs"] = latency.ToString("0", CultureInfo.InvariantCulture),
                    }, $"{url} answered {status}");
                }
                last = $"HTTP {status}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timed out";
            }
            await context.Log($"GET {url}: {last} (attempt {attempt} of {attempts}, expecting {expect}).", cancellationToken);
            if (attempt < attempts)
            {
                await Task.Delay(interval, Services.Time, cancellationToken);
            }
        }
        throw new StepFailedException("SmokeTestFailed", $"GET {url} did not answer {expect} in {attempts} attempts (last: {last}).", retryable: true);
    }
}
