using DrService.Monitoring;

namespace DrService.Alerts;

/// <summary>Whether an observed thing is alertable right now.</summary>
public enum InputHealth
{
    /// <summary>Not observable (Unknown condition, RPO not measured): neither raises nor resolves.</summary>
    Unknown,

    Good,

    Bad,
}

/// <summary>
/// One alertable input as the engine sees it after a cycle: its key (<c>{application}/{subject}/{type}</c>), whether it
/// is bad (and how badly), and how many observations in a row agree (the hysteresis streak).
/// </summary>
public sealed record AlertInput(
    string Application,
    string Subject,
    string Type,
    InputHealth Health,
    ConditionSeverity Severity,
    int Streak,
    string Summary)
{
    public string Key => AlertKeys.Key(Application, Subject, Type);

    /// <summary>A condition: False with severity Warning or Critical is bad; True (and an Info-level False) is good.</summary>
    public static AlertInput From(ConditionRecord condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var health = condition.Status switch
        {
            ConditionStatus.False when condition.Severity is ConditionSeverity.Warning or ConditionSeverity.Critical => InputHealth.Bad,
            ConditionStatus.False or ConditionStatus.True => InputHealth.Good,
            _ => InputHealth.Unknown,
        };
        var summary = $"{condition.Application} {condition.Subject}: {condition.Type} is {condition.Status} ({condition.Reason}): {condition.Message}";
        return new AlertInput(condition.Application, condition.Subject, condition.Type, health, condition.Severity, condition.Streak, summary);
    }
}
