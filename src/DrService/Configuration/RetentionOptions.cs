using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>
/// The <c>DrService:Retention</c> section. A copy is kept when any rule keeps it (the newest <see cref="KeepLast"/>,
/// any younger than <see cref="KeepFor"/>, the newest of each of the last <see cref="Daily"/> days, <see cref="Weekly"/>
/// weeks and <see cref="Monthly"/> months), and never fewer than <see cref="MinimumKeep"/> usable copies.
/// </summary>
public sealed class RetentionOptions
{
    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int KeepLast { get; set; } = 7;

    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "must be between 00:00:00 and 3650 days")]
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(7);

    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int Daily { get; set; } = 7;

    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int Weekly { get; set; } = 4;

    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int Monthly { get; set; } = 6;

    /// <summary>A safety floor: retention never deletes below this many usable copies per resource.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int MinimumKeep { get; set; } = 2;
}

/// <summary>The <c>Retention</c> of one application: each value set here replaces the global one.</summary>
public sealed class RetentionOverrideOptions
{
    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int? KeepLast { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "must be between 00:00:00 and 3650 days")]
    public TimeSpan? KeepFor { get; set; }

    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int? Daily { get; set; }

    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int? Weekly { get; set; }

    [Range(0, int.MaxValue, ErrorMessage = "must not be negative")]
    public int? Monthly { get; set; }

    [Range(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int? MinimumKeep { get; set; }

    /// <summary>The effective policy: the global one with this application's overrides applied.</summary>
    public RetentionOptions ApplyTo(RetentionOptions global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return new RetentionOptions
        {
            KeepLast = KeepLast ?? global.KeepLast,
            KeepFor = KeepFor ?? global.KeepFor,
            Daily = Daily ?? global.Daily,
            Weekly = Weekly ?? global.Weekly,
            Monthly = Monthly ?? global.Monthly,
            MinimumKeep = MinimumKeep ?? global.MinimumKeep,
        };
    }
}
