namespace DrService.Backups.Queue;

/// <summary>
/// How long a copy waits after a retryable failure (a concurrency limit, throttling): <see cref="Base"/> doubled per
/// failed attempt (1, 2, 3...), capped at <see cref="Max"/>, then shortened by up to <see cref="Jitter"/> (a fraction in
/// [0, 0.5)) at random so that copies refused together do not come back together. Jitter only shortens, so
/// <see cref="Max"/> is a true maximum and each attempt still waits longer than the one before until the cap.
/// <see cref="Default"/>: 30 s doubling up to 10 min, 20 % jitter.
/// </summary>
public sealed record CopyBackoff(TimeSpan Base, TimeSpan Max, double Jitter = 0.2)
{
    private readonly Random _random = Random.Shared;
    private readonly Lock _gate = new();

    /// <summary>As the primary constructor, drawing the jitter from <paramref name="random"/> (seed it in tests and simulations).</summary>
    public CopyBackoff(TimeSpan @base, TimeSpan max, double jitter, Random random)
        : this(@base, max, jitter)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    public static CopyBackoff Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

    public TimeSpan Base { get; init => field = Positive(value); } = Positive(Base);

    public TimeSpan Max { get; init => field = Positive(value); } =
        Max >= Base ? Max : throw new ArgumentOutOfRangeException(nameof(Max), Max, "CopyBackoff.Max must not be shorter than Base.");

    public double Jitter { get; init => field = Fraction(value); } = Fraction(Jitter);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1 for the first failure).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var nominal = Math.Min(Max.Ticks, Base.Ticks * Math.Pow(2, attempt - 1));
        double draw;
        lock (_gate)
        {
            draw = _random.NextDouble();
        }
        return TimeSpan.FromTicks((long)(nominal * (1 - (Jitter * draw))));
    }

    // The random source and its lock are not part of the value.
    public bool Equals(CopyBackoff? other) =>
        other is not null && Base == other.Base && Max == other.Max && Jitter.Equals(other.Jitter);

    public override int GetHashCode() => HashCode.Combine(Base, Max, Jitter);

    private static TimeSpan Positive(TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "CopyBackoff delays must be positive.");

    private static double Fraction(double value) =>
        value is >= 0 and < 0.5 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "CopyBackoff.Jitter must be in [0, 0.5).");
}
