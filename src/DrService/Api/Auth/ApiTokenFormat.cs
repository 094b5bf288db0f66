using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DrService.Api.Auth;

/// <summary>
/// <c>drs_{id}_{secret}</c>: a 12-character public id (for lookup) and a 256-bit random secret (base64url). Only the
/// SHA-256 of the whole string is stored; comparison is constant-time.
/// </summary>
public static partial class ApiTokenFormat
{
    public const string Prefix = "drs_";

    public static (string TokenId, string Token) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>True when the string has the token's shape; gives the public id.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? tokenId)
    {
        var match = token is null ? null : Shape().Match(token);
        tokenId = match is { Success: true } ? match.Groups[1].Value : null;
        return tokenId is not null;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^drs_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Token names: what audit records show; no ':' so that they never pass for <c>cli:</c>, <c>oidc:</c> or <c>system:</c> actors.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex NamePattern();

    /// <summary>"90d", "12h", "30m" or a TimeSpan ("1.00:00:00").</summary>
    public static bool TryParseLifetime(string? value, out TimeSpan lifetime)
    {
        lifetime = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        value = value.Trim();
        var unit = value[^1];
        if (unit is 'd' or 'h' or 'm' && int.TryParse(value[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            lifetime = unit switch { 'd' => TimeSpan.FromDays(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromMinutes(n) };
            return true;
        }
        return TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out lifetime) && lifetime > TimeSpan.Zero;
    }
}
