namespace DrService.Configuration;

/// <summary>Suggests the known key nearest to a misspelt one (Levenshtein distance, case-insensitive).</summary>
internal static class DidYouMean
{
    /// <summary>The nearest candidate, or null when none is close enough to be a plausible typo.</summary>
    public static string? Suggest(string key, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(key);
        var budget = Math.Max(1, Math.Min(3, key.Length / 3));
        return candidates
            .Select(c => (Candidate: c, Distance: Distance(key.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(x => x.Distance <= budget)
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }

    /// <summary>The Levenshtein distance: insertions, deletions and substitutions needed to turn a into b.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
