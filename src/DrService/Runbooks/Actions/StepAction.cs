using System.Diagnostics;
using DrService.Aws.Errors;
using DrService.Telemetry;

namespace DrService.Runbooks.Actions;

/// <summary>
/// The frame every action shares: a span <c>Runbook.Action</c> per check and execute, the
/// <c>dr.runbook.action.duration</c> metric, and AWS errors turned into <see cref="StepFailedException"/> with the AWS
/// error code (throttling and 5xx retryable, a dark region retryable, anything else not).
/// </summary>
public abstract class StepAction(ActionServices services) : IStepAction
{
    protected ActionServices Services { get; } = services;

    public abstract string Name { get; }

    public abstract ActionSchema Schema { get; }

    /// <summary>The calls the step would make; inputs not yet known (outputs of earlier steps) show as placeholders.</summary>
    public Task<IReadOnlyList<PlannedCall>> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Plan(context));
    }

    public Task<StepResult?> CheckAsync(StepContext context, CancellationToken cancellationToken) =>
        RunAsync(context, "check", () => CheckCoreAsync(context, cancellationToken));

    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        (await RunAsync<StepResult>(context, "execute", async () => await ExecuteCoreAsync(context, cancellationToken)))!;

    protected abstract IReadOnlyList<PlannedCall> Plan(StepContext context);

    protected abstract Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken);

    protected abstract Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>An input for a plan: its value, or <c>(INPUT)</c> when it is not known yet.</summary>
    protected static string Shown(StepContext context, string input) => context.OptionalInput(input) ?? $"({input})";

    private async Task<T?> RunAsync<T>(StepContext context, string phase, Func<Task<T?>> body)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        using var activity = DrTelemetry.Source.StartActivity("Runbook.Action");
        activity?.SetTag("dr.action", Name);
        activity?.SetTag("dr.action.phase", phase);
        activity?.SetTag("dr.execution.id", context.ExecutionId);
        activity?.SetTag("dr.step.id", context.StepId);
        activity?.SetTag("dr.app", context.Application);
        activity?.SetTag("dr.mode", context.Mode.ToString());
        var started = Services.Time.GetTimestamp();
        var outcome = "succeeded";
        try
        {
            return await body();
        }
        catch (AwsServiceException ex)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, ex.ErrorCode);
            throw new StepFailedException(ex.ErrorCode, ex.Message, ex.IsRetryable, ex);
        }
        catch (AwsRegionUnavailableException ex)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, "RegionUnavailable");
            throw new StepFailedException("RegionUnavailable", ex.Message, retryable: true, ex);
        }
        catch (StepFailedException ex)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, ex.Code);
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception ex)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            ActionTelemetry.Duration.Record(
                Services.Time.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("action", Name),
                new KeyValuePair<string, object?>("phase", phase),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}

internal static class ActionTelemetry
{
    public static readonly System.Diagnostics.Metrics.Histogram<double> Duration =
        DrTelemetry.Meter.CreateHistogram<double>("dr.runbook.action.duration", "s", "Runbook step action check/execute duration, by action, phase and outcome");
}
