using System.Text.Json.Serialization;

namespace DrService.Dns;

[JsonConverter(typeof(JsonStringEnumConverter<DnsStepResult>))]
public enum DnsStepResult
{
    /// <summary>Done; for record changes, Route 53 reports the change INSYNC.</summary>
    Succeeded,

    /// <summary>Submitted, but not INSYNC within the reconciler's timeout: Route 53 will still apply it.</summary>
    Pending,

    /// <summary>AWS refused it; <see cref="DnsAppliedStep.ErrorCode"/> says why. Later steps of the record set were not tried.</summary>
    Failed,
}

/// <summary>One change made (or tried) by the reconciler, as audited.</summary>
public sealed record DnsAppliedStep(string Subject, DnsActionKind Kind, string Target, DnsStepResult Result, string Detail)
{
    public string? ChangeId { get; init; }

    public string? ErrorCode { get; init; }
}

/// <summary>What <see cref="DnsFailoverReconciler.ApplyAsync"/> did, and the health check id of each record set afterwards.</summary>
public sealed record DnsApplyResult(string Application, IReadOnlyList<DnsAppliedStep> Steps, IReadOnlyDictionary<string, string> HealthCheckIds)
{
    public bool Succeeded => Steps.All(s => s.Result != DnsStepResult.Failed);
}
