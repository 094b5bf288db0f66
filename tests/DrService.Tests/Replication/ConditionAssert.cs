using DrService.Monitoring;

namespace DrService.Tests.Replication;

internal static class ConditionAssert
{
    /// <summary>The one condition of <paramref name="type"/> on <paramref name="subject"/>.</summary>
    public static Condition Single(IReadOnlyList<Condition> conditions, string subject, string type) =>
        Assert.Single(conditions, c => c.Subject == subject && c.Type == type);

    public static Condition Is(IReadOnlyList<Condition> conditions, string subject, string type, ConditionStatus status, string reason)
    {
        var condition = Single(conditions, subject, type);
        Assert.True(
            condition.Status == status && condition.Reason == reason,
            $"{subject} {type}: expected {status}/{reason}, got {condition.Status}/{condition.Reason} ({condition.Message})");
        return condition;
    }
}
