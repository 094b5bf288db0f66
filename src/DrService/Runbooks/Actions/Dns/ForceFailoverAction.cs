using DrService.Aws.Errors;
using DrService.Aws.Route53;
using DrService.Dns;
using DrService.Runbooks.Definitions;

namespace DrService.Runbooks.Actions;

/// <summary>
/// <c>dns.force-failover</c> (production fallback, and failback): makes Route 53 answer <c>to</c> (<c>secondary</c>,
/// default, or <c>primary</c>) for the failover record set <c>dnsRecord</c> in <c>hostedZoneId</c>, when it does not
/// already. How: it inverts the PRIMARY record's health check (UpdateHealthCheck Inverted=true; failback sets it
/// back to false), guarded by the check's version. Chosen over rewriting records because it is one call on an
/// object DrService owns (tagged <c>dr:managed-by</c>; anything else is refused), it leaves the records the DNS
/// reconciler compares untouched (the planner does not compare Inverted, so RepairDrift does not undo it), and it
/// is reversed by the same call. It uses Route 53's control plane (us-east-1): production only, never in drills (it
/// refuses drill mode), and only after Route 53 has not failed over by itself. When that control plane cannot be
/// reached on a failover (<c>to</c> secondary: the primary region, us-east-1, is down), the step succeeds with
/// <c>answer=unknown</c>, <c>changed=false</c>: the records provisioned ahead fail over in Route 53's data plane by
/// themselves, and a failover must not wait for (or fail on) the region it is leaving. A failback still fails.
/// </summary>
public sealed class ForceFailoverAction(ActionServices services) : StepAction(services)
{
    public override string Name => "dns.force-failover";

    public override ActionSchema Schema { get; } = new(["hostedZoneId", "dnsRecord"], ["type", "to"], ["answer", "healthCheckId", "changed"]);

    protected override IReadOnlyList<PlannedCall> Plan(StepContext context)
    {
        var record = Shown(context, "dnsRecord");
        return
        [
            new("route53", "ListResourceRecordSets", "global", Shown(context, "hostedZoneId"), $"failover records of {record}"),
            new("route53", "GetHealthCheckStatus", "global", record, "is Route 53 already answering the target?"),
            new("route53", "UpdateHealthCheck", "global", record, $"only if not: Inverted={(Target(context) == FailoverRoles.Secondary ? "true" : "false")} on the PRIMARY's health check"),
        ];
    }

    protected override async Task<StepResult?> CheckCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        FailoverView view;
        try
        {
            view = await ReadAsync(context, cancellationToken);
        }
        catch (AwsRegionUnavailableException) when (Target(context) == FailoverRoles.Secondary)
        {
            return null; // not known to be done: ExecuteAsync decides (and succeeds unverified while Route 53 stays unreachable)
        }
        return view.Answer == Target(context) ? Result(view, changed: false) : null;
    }

    protected override async Task<StepResult> ExecuteCoreAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.Mode == ExecutionMode.Drill)
        {
            throw new StepFailedException("NotInDrills", "dns.force-failover changes production DNS: drills never run it (use dns.verify-failover).");
        }
        var target = Target(context);
        FailoverView view;
        try
        {
            view = await ReadAsync(context, cancellationToken);
        }
        catch (AwsRegionUnavailableException ex) when (target == FailoverRoles.Secondary)
        {
            var message = $"Route 53's control plane cannot be reached ({ex.Reason}): not forced. The failover records provisioned ahead fail over in Route 53's data plane by themselves.";
            await context.Log(message, cancellationToken);
            await Services.AuditAsync(context, Name, context.Input("dnsRecord"), "skipped", message, cancellationToken);
            return new StepResult(new Dictionary<string, string> { ["answer"] = FailoverView.Unknown, ["healthCheckId"] = "", ["changed"] = "false" }, message);
        }
        await context.Log(view.Describe(), cancellationToken);
        if (view.Answer == target)
        {
            return Result(view, changed: false);
        }
        if (view.Check is null || view.Secondary is null)
        {
            throw new StepFailedException("CannotForce", $"{view.Describe()}: no PRIMARY health check to invert (or no SECONDARY record); switch the record by hand.");
        }
        var account = Services.Account(context);
        var tags = await Services.Route53.ListTagsForResourceAsync(Route53TagResourceType.HealthCheck, view.Check.Id, account, cancellationToken);
        if (tags.GetValueOrDefault(DnsOwnership.ManagedByTag) != DnsOwnership.ManagedByValue)
        {
            await Services.AuditAsync(context, Name, view.Check.Id, "denied", "health check not owned by DrService", cancellationToken);
            throw new StepFailedException("NotOwned", $"Health check {view.Check.Id} does not carry {DnsOwnership.ManagedByTag}={DnsOwnership.ManagedByValue}: not changed.");
        }
        var invert = target == FailoverRoles.Secondary;
        await Services.Route53.UpdateHealthCheckAsync(view.Check.Id, new HealthCheckUpdate { HealthCheckVersion = view.Check.HealthCheckVersion, Inverted = invert }, account, cancellationToken);
        await Services.AuditAsync(context, Name, view.Check.Id, "succeeded", $"{view.Name}: health check Inverted={invert} so that Route 53 answers {target}", cancellationToken);
        var after = await ReadAsync(context, cancellationToken);
        await context.Log($"Set Inverted={invert} on {view.Check.Id}; now {after.Describe()}.", cancellationToken);
        return Result(after, changed: true);
    }

    private Task<FailoverView> ReadAsync(StepContext context, CancellationToken cancellationToken) =>
        FailoverView.ReadAsync(Services.Route53, context.Input("hostedZoneId"), context.Input("dnsRecord"), context.OptionalInput("type"), Services.Account(context), cancellationToken);

    private static string Target(StepContext context) => context.OptionalInput("to")?.ToUpperInvariant() switch
    {
        null or FailoverRoles.Secondary => FailoverRoles.Secondary,
        FailoverRoles.Primary => FailoverRoles.Primary,
        _ => throw ActionInputs.Bad(context, "to", "secondary or primary"),
    };

    private static StepResult Result(FailoverView view, bool changed) => new(new Dictionary<string, string>
    {
        ["answer"] = view.Answer,
        ["healthCheckId"] = view.Check?.Id ?? "",
        ["changed"] = changed ? "true" : "false",
    }, changed ? $"Route 53 now answers {view.Answer}" : $"Route 53 already answers {view.Answer}");
}
