using System.Collections.Concurrent;

namespace DrService.Aws.Http;

/// <summary>
/// Counts every HTTP attempt to AWS (retries included, faults included) per service, region and operation, in memory.
/// Tests and benchmarks read it; a singleton.
/// </summary>
public sealed class AwsCallCounter
{
    private readonly ConcurrentDictionary<AwsCallScope, long> _counts = new();

    /// <summary>Attempts matching the filter; "*" (the default) matches anything.</summary>
    public long Count(string service = "*", string region = "*", string operation = "*")
    {
        long total = 0;
        foreach (var (scope, count) in _counts)
        {
            if (Matches(service, scope.Service) && Matches(region, scope.Region) && Matches(operation, scope.Operation))
            {
                total += count;
            }
        }
        return total;
    }

    /// <summary>A copy of every count.</summary>
    public IReadOnlyDictionary<AwsCallScope, long> Snapshot() => new Dictionary<AwsCallScope, long>(_counts);

    public void Reset() => _counts.Clear();

    internal void Increment(AwsCallScope scope) => _counts.AddOrUpdate(scope, 1, static (_, n) => n + 1);

    private static bool Matches(string filter, string value) => filter == "*" || string.Equals(filter, value, StringComparison.Ordinal);
}
