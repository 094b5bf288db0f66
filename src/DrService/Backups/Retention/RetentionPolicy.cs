using DrService.Configuration;

namespace DrService.Backups.Retention;

/// <summary>
/// The effective retention policy of one application (the global <see cref="RetentionOptions"/> with the
/// application's overrides applied); what each value means is told on <see cref="RetentionPlanner"/>.
/// </summary>
/// <param name="KeepLast">Keep the newest this many available copies (0: rule off).</param>
/// <param name="KeepFor">Keep every available copy younger than this (zero: rule off).</param>
/// <param name="Daily">Keep the newest copy of each of the last this many UTC days, today included (0: off).</param>
/// <param name="Weekly">Keep the newest copy of each of the last this many ISO weeks, this one included (0: off).</param>
/// <param name="Monthly">Keep the newest copy of each of the last this many UTC months, this one included (0: off).</param>
/// <param name="MinimumKeep">The floor: the newest this many available copies are always kept (at least 1).</param>
public sealed record RetentionPolicy(int KeepLast, TimeSpan KeepFor, int Daily, int Weekly, int Monthly, int MinimumKeep)
{
    /// <summary>The policy the (already merged and validated) options describe.</summary>
    public static RetentionPolicy From(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RetentionPolicy(
            options.KeepLast, options.KeepFor, options.Daily, options.Weekly, options.Monthly, options.MinimumKeep);
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(KeepLast, nameof(KeepLast));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeepFor, TimeSpan.Zero, nameof(KeepFor));
        ArgumentOutOfRangeException.ThrowIfNegative(Daily, nameof(Daily));
        ArgumentOutOfRangeException.ThrowIfNegative(Weekly, nameof(Weekly));
        ArgumentOutOfRangeException.ThrowIfNegative(Monthly, nameof(Monthly));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumKeep, 1, nameof(MinimumKeep));
    }
}
