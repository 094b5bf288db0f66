using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DrService.Backups.Model;

namespace DrService.Alerts;

/// <summary>Alert keys: one per alertable thing, and one dedup key per raise of it.</summary>
public static class AlertKeys
{
    /// <summary>The Rpo and CopyFailed inputs of a backup resource.</summary>
    public const string RpoType = "Rpo";

    public const string CopyFailedType = "CopyFailed";

    /// <summary>PagerDuty accepts dedup keys up to 255 characters.</summary>
    public const int MaxDedupKeyLength = 255;

    public static string Key(string application, string subject, string type) => $"{application}/{subject}/{type}";

    /// <summary><c>backup:{kind}:{resource}</c>, e.g. <c>backup:EbsSnapshot:vol-0abc</c> (<c>*</c>: the whole kind).</summary>
    public static string BackupSubject(ArtifactKind kind, string resourceId) => $"backup:{kind}:{resourceId}";

    /// <summary>
    /// <c>{key}@{raisedAt:yyyyMMddTHHmmssfffZ}</c> (with <c>#n</c> when the same key is raised twice in one millisecond);
    /// a key too long for PagerDuty is shortened to a prefix and a hash of the whole.
    /// </summary>
    public static string DedupKey(string key, DateTimeOffset raisedAt, int attempt = 0)
    {
        ArgumentNullException.ThrowIfNull(key);
        var suffix = "@" + raisedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)
            + (attempt > 0 ? "#" + attempt.ToString(CultureInfo.InvariantCulture) : "");
        if (key.Length + suffix.Length <= MaxDedupKeyLength)
        {
            return key + suffix;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return key[..(MaxDedupKeyLength - suffix.Length - hash.Length - 1)] + "~" + hash + suffix;
    }
}
