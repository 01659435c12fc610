namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// A small, fixed pseudo-random generator (Steele, Lea and Flood's SplitMix64). The sweep sampler uses its own
/// generator rather than <see cref="Random"/> because a seed must give the same trials on every .NET version, and
/// <see cref="Random"/>'s algorithm is not specified to stay the same.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A double in (0, 1): never exactly 0, so it can go through a quantile function.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="bound"/>), without modulo bias.</summary>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        // Reject the top partial block of 2^64 so every residue is equally likely.
        var limit = ulong.MaxValue - (ulong.MaxValue % bound + 1) % bound;
        ulong value;
        do
        {
            value = NextUInt64();
        }
        while (value > limit);
        return value % bound;
    }

    /// <summary>SplitMix64's finaliser: also a good way to turn (seed, index) into an independent stream's seed.</summary>
    public static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
