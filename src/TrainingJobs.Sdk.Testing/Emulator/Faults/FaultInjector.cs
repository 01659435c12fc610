namespace TrainingJobs.Sdk.Testing.Emulator.Faults;

/// <summary>
/// Draws which requests meet a fault, and which one, from a seed: the same sequence of requests meets the same faults.
/// One owner for the ARM endpoint's faults and the Blob storage proxy's (each with its own sequence).
/// </summary>
internal sealed class FaultInjector(double rate, int seed)
{
    /// <summary>Answered 429 with Retry-After instead of being served.</summary>
    public const string Throttled = "429";

    /// <summary>Answered 500 instead of being served.</summary>
    public const string ServerError = "500";

    /// <summary>Answered 503 with Retry-After instead of being served.</summary>
    public const string Unavailable = "503";

    /// <summary>Served, then the connection is cut before the whole answer is sent.</summary>
    public const string Dropped = "drop";

    /// <summary>Served after a delay.</summary>
    public const string Latency = "latency";

    private readonly Random _random = new(seed);
    private readonly object _gate = new();

    /// <summary>The fault the next request meets, or null.</summary>
    public string? Next()
    {
        if (rate <= 0) return null;
        // One lock keeps the draws in request order, so a seed replays the same faults for the same request sequence.
        lock (_gate)
        {
            if (_random.NextDouble() >= rate) return null;
            return _random.Next(5) switch { 0 => Throttled, 1 => ServerError, 2 => Unavailable, 3 => Dropped, _ => Latency };
        }
    }
}
