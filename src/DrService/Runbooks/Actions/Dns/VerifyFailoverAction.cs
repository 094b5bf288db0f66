using DrService.Aws.Errors;
using DrService.Aws.Route53;
using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>dns.verify-failover</c>: reads the failover record set <c>dnsRecord</c> in <c>hostedZoneId</c> (an id or a zone
/// name) and what Route 53 would answer (see <see cref="FailoverView"/>). <c>expect</c>: <c>secondary</c> (the
/// production default: fails, retryably, until Route 53 answers SECONDARY), <c>primary</c> (failback), or
/// <c>provisioned</c> (the drill default, verify-only: both records and the PRIMARY's health check exist, so DNS
/// would fail over by itself; nothing about the live answer). Read-only. Route 53's API lives in us-east-1: when it
/// cannot be reached the step succeeds with <c>verified=unknown</c>, because the records provisioned ahead fail
/// over in Route 53's data plane without it, and a failover must not wait for the control plane.
/// </summary>
public sealed class VerifyFailoverAction(ActionServices services) : StepAction(services)
{
    public override string Name => "dns.verify-failover";

    public override ActionSchema Schema { get; } = new(["hostedZoneId", "dnsRecord"], ["type", "expect"], ["answer", "verified", "healthCheckId"]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var record = Shown(context, "dnsRecord");
        return
        [
            new("route53", "ListResourceRecordSets", "global", Shown(context, "hostedZoneId"), $"failover records of {record}"),
            new("route53", "GetHealthCheck", "global", record, "the PRIMARY's health check"),
            new("route53", "GetHealthCheckStatus", "global", record, $"read-only; expect {Expect(context)}"),
        ];
    }

    protected override Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<StepResult?>(null);

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        var expect = Expect(context);
        FailoverView view;
        try
        {
            view = await FailoverView.ReadAsync(Services.Route53, context.Input("hostedZoneId"), context.Input("dnsRecord"), context.OptionalInput("type"), Services.Account(context), cancellationToken);
        }
        catch (AwsRegionUnavailableException ex)
        {
            var message = $"Route 53's control plane cannot be reached ({ex.Reason}): not verified. The failover records provisioned ahead fail over in Route 53's data plane by themselves.";
            await context.Log(message, cancellationToken);
            return new StepResult(new Dictionary<string, string> { ["answer"] = FailoverView.Unknown, ["verified"] = FailoverView.Unknown, ["healthCheckId"] = "" }, message);
        }
        await context.Log(view.Describe(), cancellationToken);
        var outputs = new Dictionary<string, string>
        {
            ["answer"] = view.Answer,
            ["verified"] = "true",
            ["healthCheckId"] = view.Check?.Id ?? "",
        };
        if (!view.Provisioned)
        {
            throw new StepFailedException("FailoverNotProvisioned", $"{view.Describe()}. Provision it ahead (POST /api/v1/dns/{context.Application}/apply): Route 53 cannot fail over by itself.");
        }
        return expect switch
        {
            "provisioned" => new StepResult(outputs, $"failover provisioned; Route 53 answers {view.Answer}"),
            _ when string.Equals(view.Answer, expect, StringComparison.OrdinalIgnoreCase) => new StepResult(outputs, $"Route 53 answers {view.Answer}"),
            _ => throw new StepFailedException("NotFailedOver", $"{view.Describe()}, expected {expect.ToUpperInvariant()}.", retryable: true),
        };
    }

    private static string Expect(StepContext context)
    {
        var expect = context.OptionalInput("expect")?.ToLowerInvariant()
            ?? (context.Mode == ExecutionMode.Drill ? "provisioned" : FailoverRoles.Secondary.ToLowerInvariant());
        return expect is "secondary" or "primary" or "provisioned"
            ? expect
            : throw ActionInputs.Bad(context, "expect", "secondary, primary or provisioned");
    }
}
