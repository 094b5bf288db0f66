using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DrService.Storage;

/// <summary>
/// Timestamps are stored as UTC ticks (a sortable 64-bit integer) on both providers: SQLite has no offset-aware
/// type that sorts, and one representation keeps the two providers' queries alike.
/// </summary>
internal static class TimeConverters
{
    public static readonly ValueConverter<DateTimeOffset, long> Utc = new(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));

    public static readonly ValueConverter<DateTimeOffset?, long?> NullableUtc = new(
        v => v.HasValue ? v.Value.UtcTicks : null,
        v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
}
