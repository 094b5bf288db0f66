using DrService.Monitoring;

namespace DrService.Tests.Alerts;

/// <summary>One observation: <c>ConditionBuilder.For("orders").Subject("replica:orders-db-dr").Critical().Build()</c>.</summary>
internal sealed class ConditionBuilder
{
    private readonly string _application;
    private string _subject = "replica:orders-db-dr";
    private string _type = "ReplicaLagWithinRpo";
    private ConditionStatus _status = ConditionStatus.True;
    private ConditionSeverity _severity = ConditionSeverity.Warning;

    private ConditionBuilder(string application) => _application = application;

    public static ConditionBuilder For(string application = "orders") => new(application);

    public ConditionBuilder Subject(string subject)
    {
        _subject = subject;
        return this;
    }

    public ConditionBuilder Type(string type)
    {
        _type = type;
        return this;
    }

    public ConditionBuilder Bad(ConditionSeverity severity)
    {
        _status = ConditionStatus.False;
        _severity = severity;
        return this;
    }

    public ConditionBuilder Critical() => Bad(ConditionSeverity.Critical);

    public ConditionBuilder Warning() => Bad(ConditionSeverity.Warning);

    public ConditionBuilder Good()
    {
        _status = ConditionStatus.True;
        return this;
    }

    public ConditionBuilder Unknown()
    {
        _status = ConditionStatus.Unknown;
        return this;
    }

    public Condition Build() => _status switch
    {
        ConditionStatus.False => Condition.False(_application, _subject, _type, _severity, "LagOverRpo", "lag 900s over the 600s RPO", 900),
        ConditionStatus.True => Condition.True(_application, _subject, _type, "LagWithinRpo", "lag 12s", 12),
        _ => Condition.Unknown(_application, _subject, _type, "MetricMissing", "no ReplicaLag datapoint"),
    };
}
